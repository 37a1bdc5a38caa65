"""The audit log: rows in the same transaction as the change, hash-chained, tamper-evident."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import Client

from cspr.accounts.actions import disable_user
from cspr.accounts.roles import Role
from cspr.audit import log as audit
from cspr.audit.english import describe
from cspr.audit.models import AuditEvent
from tests.audit.attacker import as_the_database_owner
from tests.world import World


def _write_rows(world: World, n: int = 3) -> list[AuditEvent]:
    rows = []
    for i in range(n):
        with transaction.atomic():
            rows.append(
                audit.record(
                    actor=world.user(Role.BUSINESS_MANAGER),
                    action="case.note_added",
                    case=world.cases["own"],
                    before={"note": ""},
                    after={"note": f"note {i}"},
                )
            )
    return rows


def test_verify_audit_passes_on_an_intact_chain(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    _write_rows(world)
    call_command("verify_audit")
    assert "Audit chain intact: 3 rows checked." in capsys.readouterr().out


def test_verify_audit_detects_a_row_changed_behind_the_applications_back(world: World) -> None:
    rows = _write_rows(world)
    with as_the_database_owner() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET after = %s WHERE id = %s", ['{"note": "rewritten history"}', rows[1].id]
        )
    with pytest.raises(CommandError) as error:
        call_command("verify_audit")
    assert error.value.returncode == 1
    assert f"row {rows[1].id}" in str(error.value)
    assert "content does not match its hash" in str(error.value)


def test_verify_audit_detects_a_deleted_row(world: World) -> None:
    rows = _write_rows(world)
    with as_the_database_owner() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [rows[1].id])
    with pytest.raises(CommandError) as error:
        call_command("verify_audit")
    assert f"row {rows[2].id}" in str(error.value)


def test_verify_audit_detects_the_newest_rows_removed(world: World) -> None:
    rows = _write_rows(world)
    with as_the_database_owner() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [rows[2].id])
    with pytest.raises(CommandError, match="newest rows were removed"):
        call_command("verify_audit")


def test_audit_rows_cannot_be_edited_or_deleted_through_the_orm(world: World) -> None:
    row = _write_rows(world, 1)[0]
    row.action = "something.else"
    with pytest.raises(RuntimeError, match="append-only"):
        row.save()
    with pytest.raises(RuntimeError, match="append-only"):
        row.delete()


@pytest.mark.django_db(transaction=True)
def test_an_action_row_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError, match="inside the action's transaction"):
        audit.record(actor=None, action="case.note_added")
    assert AuditEvent.objects.count() == 0


def test_a_failed_action_leaves_no_audit_row(world: World) -> None:
    before = AuditEvent.objects.count()

    def failing_action() -> None:
        with transaction.atomic():
            audit.record(actor=world.user(Role.BUSINESS_MANAGER), action="case.note_added", case=world.cases["own"])
            raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        failing_action()
    assert AuditEvent.objects.count() == before


def test_disabling_a_user_ends_their_sessions_and_is_audited(world: World) -> None:
    target = world.user(Role.CSPR_GROUP_MEMBER)
    client = Client()
    client.force_login(target)
    assert client.get("/cases/").status_code == 200
    disable_user(target, acting_user=world.user(Role.PARTNERSHIP_ADMIN))
    response = client.get("/cases/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    event = AuditEvent.objects.get(action="user.disabled")
    assert event.detail["sessions_ended"] == 1
    assert describe(event) == "Test Partnership administrator disabled a user account: cspr_group_member@test.invalid"


def test_reading_a_case_writes_an_access_row(world: World) -> None:
    client = Client()
    client.force_login(world.user(Role.AUDITOR))
    case = world.cases["own"]
    assert client.get(f"/cases/{case.reference}/").status_code == 200
    row = AuditEvent.objects.filter(kind="access", case_id=case.pk).get()
    assert row.action == "read.case"
    assert row.actor == world.user(Role.AUDITOR)


def test_if_the_access_log_cannot_be_written_the_read_fails(world: World) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    case = world.cases["own"]
    # A real failure of the database write, undone afterwards by rolling back to a savepoint.
    savepoint = transaction.savepoint_create()
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent RENAME TO audit_auditevent_gone")
    response = client.get(f"/cases/{case.reference}/")
    transaction.savepoint_rollback(savepoint)
    assert response.status_code == 500
    assert b"Testchild" not in response.content
