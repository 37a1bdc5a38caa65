"""Issue 10 item 7: reads append access rows without the chain's lock; the worker seals them in."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import Client
from django.utils.module_loading import import_string

from cspr.accounts.roles import Role
from cspr.audit.chain import GENESIS
from cspr.audit.models import AuditEvent, ChainHead, EventKind
from cspr.audit.seal import seal_access_rows
from cspr.audit.tasks import seal_audit_chain
from tests.audit.attacker import as_the_database_owner
from tests.world import World


def _read(world: World, times: int, role: Role = Role.AUDITOR) -> None:
    client = Client()
    client.force_login(world.user(role))
    for _ in range(times):
        assert client.get(f"/cases/{world.cases['own'].reference}/").status_code == 200


def _verify_fails() -> str:
    with pytest.raises(CommandError) as error:
        call_command("verify_audit")
    assert error.value.returncode == 1
    return str(error.value)


def test_access_rows_stand_outside_the_chain_until_sealed(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    _read(world, 3)
    rows = list(AuditEvent.objects.filter(kind=EventKind.ACCESS))
    assert len(rows) == 3
    assert {row.prev_hash for row in rows} == {""}
    assert ChainHead.objects.filter(pk=1).first() is None  # no read touched the chain's head
    call_command("verify_audit")
    assert "3 access rows are not sealed into the chain yet" in capsys.readouterr().out

    assert seal_audit_chain.call() == 3
    seal = AuditEvent.objects.get(kind=EventKind.SEAL)
    assert seal.detail["count"] == 3
    assert (seal.detail["first_id"], seal.detail["last_id"]) == (rows[0].pk, rows[-1].pk)
    assert seal.prev_hash == GENESIS
    assert ChainHead.objects.get(pk=1).last_hash == seal.hash
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "Audit chain intact: 4 rows checked." in out
    assert "Agrees with the checkpoint written at" in out
    assert f"(row {seal.pk})" in out
    assert "not sealed" not in out
    # Nothing new: no seal and no new checkpoint.
    assert seal_audit_chain.call() == 0
    assert AuditEvent.objects.filter(kind=EventKind.SEAL).count() == 1
    assert len(list(settings.AUDIT_CHECKPOINT_DIR.glob("checkpoint-*.json"))) == 1


def test_the_seal_task_is_run_by_the_scheduler() -> None:
    assert "cspr.audit.tasks.seal_audit_chain" in settings.PERIODIC_TASKS
    assert import_string("cspr.audit.tasks.seal_audit_chain") is seal_audit_chain


def test_sealing_in_batches_keeps_the_chain_whole(world: World) -> None:
    _read(world, 5)
    with transaction.atomic():
        from cspr.audit import log as audit

        audit.record(actor=world.user(Role.BUSINESS_MANAGER), action="case.note_added", case=world.cases["own"])
    _read(world, 2)
    assert seal_access_rows(batch=2) == 7
    assert AuditEvent.objects.filter(kind=EventKind.SEAL).count() == 4
    call_command("verify_audit")


def test_a_sealed_access_row_removed_is_detected(world: World) -> None:
    _read(world, 3)
    seal_access_rows()
    middle = AuditEvent.objects.filter(kind=EventKind.ACCESS).order_by("id")[1]
    with as_the_database_owner() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [middle.pk])
    assert "the access rows it seals were removed, inserted or changed" in _verify_fails()


def test_an_access_row_changed_is_detected_sealed_or_not(world: World) -> None:
    _read(world, 2)
    row = AuditEvent.objects.filter(kind=EventKind.ACCESS).first()
    assert row is not None
    with as_the_database_owner() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_label = 'Nobody' WHERE id = %s", [row.pk])
    message = _verify_fails()
    assert f"row {row.pk}" in message
    assert "does not match its hash" in message


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has one writer at a time, so no read can run beside an open write transaction there.",
)
@pytest.mark.django_db(transaction=True)
def test_a_read_is_logged_while_an_action_holds_the_chain_lock(world: World) -> None:
    """Before: every read took the chain's row lock, so one open action stalled every reader."""
    holding, release = threading.Event(), threading.Event()

    def action_in_progress() -> None:
        try:
            with transaction.atomic():
                ChainHead.objects.select_for_update().get_or_create(pk=1, defaults={"last_hash": GENESIS})
                holding.set()
                release.wait(60)
        finally:
            connection.close()

    thread = threading.Thread(target=action_in_progress)
    thread.start()
    try:
        assert holding.wait(60)
        with connection.cursor() as cursor:
            # Waiting would be the bug: fail fast instead of hanging.
            cursor.execute("SET lock_timeout = '2s'")
        client = Client(raise_request_exception=False)
        client.force_login(world.user(Role.AUDITOR))
        response = client.get(f"/cases/{world.cases['own'].reference}/")
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")
    finally:
        release.set()
        thread.join()
    assert response.status_code == 200
    assert AuditEvent.objects.filter(kind=EventKind.ACCESS, case_id=world.cases["own"].pk).count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has one writer at a time, so no seal can run beside an open action there.",
)
@pytest.mark.django_db(transaction=True)
def test_the_seal_gives_way_to_an_open_action_and_catches_up_later(world: World) -> None:
    _read(world, 2)
    holding, release = threading.Event(), threading.Event()

    def action_in_progress() -> None:
        try:
            with transaction.atomic():
                ChainHead.objects.select_for_update().get_or_create(pk=1, defaults={"last_hash": GENESIS})
                holding.set()
                release.wait(60)
        finally:
            connection.close()

    thread = threading.Thread(target=action_in_progress)
    thread.start()
    try:
        assert holding.wait(60)
        assert seal_access_rows() == 0
    finally:
        release.set()
        thread.join()
    assert AuditEvent.objects.filter(kind=EventKind.SEAL).count() == 0
    assert seal_access_rows() == 2
    call_command("verify_audit")
