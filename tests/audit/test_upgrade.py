"""Migration 0002 keys an existing unkeyed chain, and refuses to key one that is already broken."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cspr.audit.models import AuditEvent, EventKind

BEFORE = [("audit", "0001_initial")]


def _legacy_rows(apps: Any, *, break_at: int | None = None) -> None:
    """Three rows as the old release wrote them: chained by plain SHA-256, reads on the chain."""
    Event = apps.get_model("audit", "AuditEvent")
    Head = apps.get_model("audit", "ChainHead")
    prev = "0" * 64
    for i, kind in enumerate(["action", "access", "action"]):
        event = Event(
            kind=kind,
            created_at=dt.datetime(2026, 11, 2, 9, i, tzinfo=dt.UTC),
            actor_label="System",
            action="case.note_added" if kind == "action" else "read.case",
            detail={"label": f"row {i}"},
            prev_hash=prev,
        )
        fields = {
            "kind": event.kind,
            "created_at": event.created_at.isoformat(),
            "actor_id": None,
            "actor_label": event.actor_label,
            "action": event.action,
            "object_type": "",
            "object_id": "",
            "partnership_id": None,
            "case_id": None,
            "before": {},
            "after": {},
            "detail": event.detail,
        }
        canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)
        event.hash = hashlib.sha256((prev + canonical).encode("utf-8")).hexdigest()
        if break_at == i:
            event.detail = {"label": "changed behind the application's back"}
        event.save()
        prev = event.hash
    Head.objects.create(pk=1, last_hash=prev)


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_upgrading_keys_an_intact_chain(capsys: pytest.CaptureFixture[str]) -> None:
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("audit")
    _legacy_rows(_migrate(BEFORE))
    _migrate(latest)
    call_command("verify_audit")
    assert "Audit chain intact: 3 rows checked." in capsys.readouterr().out
    access = AuditEvent.objects.get(kind=EventKind.ACCESS)
    assert access.prev_hash == ""
    assert len(access.nonce) == 32


@pytest.mark.django_db(transaction=True)
def test_upgrading_refuses_a_chain_already_broken() -> None:
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("audit")
    _legacy_rows(_migrate(BEFORE), break_at=1)
    with pytest.raises(RuntimeError, match="broken at row"):
        _migrate(latest)
    # Leave the database as the other tests expect it.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")
    _migrate(latest)
