"""The append-only audit log, keyed and chained.

One table holds three kinds of row:
- actions: every state change, written in the same transaction as the change and chained one after
  another (each row's keyed hash covers its content and the previous chained row's hash);
- access: every read of case data, written without taking the chain's lock (reads never wait on
  each other) and keyed on their own;
- seals: chained rows written by the worker that fold the access rows written since the last seal
  into the chain (their count and a digest of their hashes).

The hashes are HMACs under ``settings.AUDIT_KEY``, so someone who holds the database but not the key
cannot rewrite a row and recompute the chain; signed checkpoints of the chain's head are written
outside the database (``cspr.audit.checkpoint``) so removing the newest rows is caught too.
``manage.py verify_audit`` checks all of it.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models

APPEND_ONLY = "Audit events are append-only."


class EventKind(models.TextChoices):
    ACTION = "action", "Action"
    ACCESS = "access", "Access"
    SEAL = "seal", "Seal"


# Rows on the chain; access rows stand alone until a seal covers them.
CHAINED_KINDS = frozenset({EventKind.ACTION, EventKind.SEAL})


class AppendOnlyQuerySet(models.QuerySet["AuditEvent"]):
    """Bulk changes bypass ``Model.save``/``delete``; refuse them here too (PostgreSQL also has a
    trigger, see migration 0003, for anyone who bypasses the ORM)."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise RuntimeError(APPEND_ONLY)

    def delete(self) -> NoReturn:
        raise RuntimeError(APPEND_ONLY)

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError(APPEND_ONLY)

    def _raw_delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError(APPEND_ONLY)


class AuditEvent(models.Model):
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    created_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A snapshot, so the trail still reads correctly after a user is renamed.
    actor_label = models.CharField(max_length=250)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # Plain integers rather than foreign keys: the log outlives and never cascades with its objects.
    partnership_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    case_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    # The previous chained row's hash; empty on access rows.
    prev_hash = models.CharField(max_length=64, blank=True)
    # Random, on access rows only: two identical reads in the same microsecond still hash apart.
    nonce = models.CharField(max_length=32, blank=True, default="")
    hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["case_id", "id"], name="audit_case_idx"),
            models.Index(fields=["kind", "id"], name="audit_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError(APPEND_ONLY)


class ChainHead(models.Model):
    """A single row locked by every writer of a chained row, so those rows follow one another.

    Only actions and seals take it: reads append their access rows without it.
    """

    last_hash = models.CharField(max_length=64)
