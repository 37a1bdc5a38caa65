"""Issue 16 item 3: someone holding the database but not the audit key cannot rewrite the trail.

Each attack is carried out the way an attacker with the database would: raw SQL, the triggers
switched off where the database has them, every hash recomputed with the published code.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import Client

from cspr.accounts.roles import Role
from cspr.audit import log as audit
from cspr.audit.chain import GENESIS, hashed_fields
from cspr.audit.models import AuditEvent, ChainHead
from tests.audit.attacker import as_the_database_owner
from tests.world import World


def _write_history(world: World) -> list[AuditEvent]:
    """Actions and reads, as a day of work leaves them."""
    manager = world.user(Role.BUSINESS_MANAGER)
    case = world.cases["own"]
    client = Client()
    client.force_login(world.user(Role.AUDITOR))
    for i in range(4):
        with transaction.atomic():
            audit.record(actor=manager, action="case.note_added", case=case, after={"note": f"note {i}"})
        assert client.get(f"/cases/{case.reference}/").status_code == 200
    return list(AuditEvent.objects.order_by("id"))


def _unkeyed(prev_hash: str, event: AuditEvent) -> str:
    """The published hash, without a key: what anyone who reads the code can compute."""
    fields = json.dumps(hashed_fields(event), sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)
    return hashlib.sha256((prev_hash + fields).encode("utf-8")).hexdigest()


def _rechain(cursor: Any, digest: Any) -> None:
    """Recompute every row's link and hash, and the head, with ``digest(prev_hash, event)``."""
    prev = GENESIS
    for event in AuditEvent.objects.order_by("id"):
        new_hash = digest(prev, event)
        cursor.execute(
            "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s", [prev, new_hash, event.pk]
        )
        prev = new_hash
    cursor.execute("UPDATE audit_chainhead SET last_hash = %s WHERE id = 1", [prev])


def _verify_fails() -> str:
    with pytest.raises(CommandError) as error:
        call_command("verify_audit")
    assert error.value.returncode == 1
    return str(error.value)


def test_the_rewrite_attack_is_detected(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _write_history(world)
    call_command("verify_audit")
    assert "Audit chain intact" in capsys.readouterr().out
    victim, edited = rows[2], rows[4]
    with as_the_database_owner() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [victim.pk])
        cursor.execute(
            "UPDATE audit_auditevent SET after = %s WHERE id = %s", ['{"note": "rewritten history"}', edited.pk]
        )
        _rechain(cursor, _unkeyed)
    assert "does not match its hash" in _verify_fails()


def test_a_rewrite_with_a_guessed_key_is_detected(world: World) -> None:
    from cspr.audit.chain import row_digest

    _write_history(world)
    with as_the_database_owner() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_label = %s", ["Someone Else <someone@test.invalid>"])
        _rechain(cursor, lambda prev, event: row_digest(prev, hashed_fields(event), key=b"dev-only-audit-key-guess"))
    assert "does not match its hash" in _verify_fails()


def test_removing_the_newest_rows_is_caught_by_the_checkpoint(world: World) -> None:
    from cspr.audit.tasks import seal_audit_chain

    rows = _write_history(world)
    seal_audit_chain.call()
    call_command("verify_audit")
    # The attacker removes the newest chained rows and points the head at what is left: every
    # remaining hash is still genuine, so only the checkpoint outside the database can tell.
    chained = [r for r in AuditEvent.objects.order_by("id") if r.kind != "access"]
    with as_the_database_owner() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id >= %s", [chained[-2].pk])
        cursor.execute("UPDATE audit_chainhead SET last_hash = %s WHERE id = 1", [chained[-3].hash])
    message = _verify_fails()
    assert "The chain and the last checkpoint disagree" in message
    assert f"row {chained[-1].pk}" in message
    assert "missing" in message
    assert rows


def test_a_forged_checkpoint_is_refused(world: World, settings: Any) -> None:
    from cspr.audit.checkpoint import write_checkpoint

    _write_history(world)
    checkpoint = write_checkpoint()
    assert checkpoint is not None
    checkpoint.path.write_text(checkpoint.path.read_text().replace(checkpoint.last_hash, "f" * 64))
    assert "not signed with the audit key" in _verify_fails()


def test_bulk_changes_through_the_orm_are_refused(world: World) -> None:
    rows = _write_history(world)
    with pytest.raises(RuntimeError, match="append-only"):
        AuditEvent.objects.filter(pk=rows[0].pk).delete()
    with pytest.raises(RuntimeError, match="append-only"):
        AuditEvent.objects.filter(pk=rows[0].pk).update(action="something.else")
    rows[0].action = "something.else"
    with pytest.raises(RuntimeError, match="append-only"):
        AuditEvent.objects.bulk_update([rows[0]], ["action"])
    assert AuditEvent.objects.count() == len(rows)
    call_command("verify_audit")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The trigger is PostgreSQL's (migration 0003); on SQLite the ORM guard and the keyed chain hold.",
)
def test_postgresql_refuses_update_and_delete_of_audit_rows(world: World) -> None:
    rows = _write_history(world)
    for statement in (
        "UPDATE audit_auditevent SET action = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [rows[0].pk])
    assert AuditEvent.objects.count() == len(rows)


def test_the_head_row_cannot_point_past_the_chain_or_vanish(world: World) -> None:
    _write_history(world)
    ChainHead.objects.filter(pk=1).update(last_hash="e" * 64)
    assert "newest rows were removed" in _verify_fails()
    ChainHead.objects.filter(pk=1).delete()
    assert "newest rows were removed" in _verify_fails()
