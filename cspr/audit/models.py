"""The append-only, hash-chained audit log.

One table holds both kinds of row: actions (every state change, written in the same transaction
as the change) and access (every read of case data). Each row's hash covers its own content and
the previous row's hash, so a row edited or deleted behind the application's back breaks the chain
(``manage.py verify_audit``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class EventKind(models.TextChoices):
    ACTION = "action", "Action"
    ACCESS = "access", "Access"


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
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["case_id", "id"], name="audit_case_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("Audit events are append-only.")


class ChainHead(models.Model):
    """A single row locked by every writer, so rows are chained one after another."""

    last_hash = models.CharField(max_length=64)
