"""A read's access row is committed without waiting for the disk; an action's rows still wait.

Decision 0039: on PostgreSQL the read's own transaction sets ``synchronous_commit`` off for itself
only (``SET LOCAL``). These tests run on the database the suite runs on: on SQLite nothing is
relaxed and the rows are written all the same. The suite's own PostgreSQL connections run with
``synchronous_commit=off`` throughout (tests/conftest.py, for speed), so the tests compare with the
connection's own setting before the read rather than with the server's default.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection, transaction

from cspr.accounts.roles import Role
from cspr.audit.log import log_case_read, record
from cspr.audit.models import AuditEvent, EventKind
from tests.world import World

RELAX = "SET LOCAL synchronous_commit TO OFF"


@contextmanager
def _statements() -> Iterator[list[str]]:
    seen: list[str] = []

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return str(cursor.fetchone()[0])


def _set_synchronous_commit(value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SET synchronous_commit TO {value}")


@pytest.mark.django_db(transaction=True)
def test_a_reads_row_is_committed_at_once_without_waiting_for_the_disk(world: World) -> None:
    reader = world.user(Role.BUSINESS_MANAGER)
    case = world.cases["own"]
    assert not connection.in_atomic_block  # a page's read: Django's autocommit, no outer transaction
    own = _synchronous_commit() if connection.vendor == "postgresql" else ""
    if own:
        _set_synchronous_commit("on")  # as in production, for this test's connection
    try:
        with _statements() as seen:
            log_case_read(actor=reader, case=case)
        after = _synchronous_commit() if own else ""
    finally:
        if own:
            _set_synchronous_commit(own)
    rows = AuditEvent.objects.filter(kind=EventKind.ACCESS, case_id=case.pk, actor=reader)
    assert rows.count() == 1  # committed: visible outside the read's transaction
    if connection.vendor == "postgresql":
        assert seen[0] == RELAX, seen
        assert any(s.startswith('INSERT INTO "audit_auditevent"') for s in seen[1:])
        # SET LOCAL ended with the read's transaction: the connection waits for the disk again.
        assert after == "on"
    else:
        assert RELAX not in seen


@pytest.mark.django_db  # the test's own transaction is the outer one, as an action's would be
def test_a_read_inside_an_action_does_not_relax_the_actions_commit(world: World) -> None:
    actor = world.user(Role.BUSINESS_MANAGER)
    case = world.cases["own"]
    with _statements() as seen, transaction.atomic():
        record(actor=actor, action="case.test_action", obj=case, case=case)
        log_case_read(actor=actor, case=case)
    assert RELAX not in seen  # the action's commit is the action's: as durable as the connection's setting
    kinds = set(AuditEvent.objects.filter(case_id=case.pk).values_list("kind", flat=True))
    assert kinds == {EventKind.ACTION, EventKind.ACCESS}


@pytest.mark.django_db(transaction=True)
def test_a_failed_access_write_fails_the_read_and_leaves_nothing_relaxed(world: World) -> None:
    reader = world.user(Role.BUSINESS_MANAGER)
    case = world.cases["own"]

    def refuse_insert(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.startswith('INSERT INTO "audit_auditevent"'):
            raise RuntimeError("the audit table refused the row")
        return execute(sql, params, many, context)

    own = _synchronous_commit() if connection.vendor == "postgresql" else ""
    with connection.execute_wrapper(refuse_insert), pytest.raises(RuntimeError):
        log_case_read(actor=reader, case=case)
    assert not AuditEvent.objects.filter(case_id=case.pk).exists()
    if connection.vendor == "postgresql":
        assert _synchronous_commit() == own  # rolled back with the failed read's transaction
