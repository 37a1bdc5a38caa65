"""The change stamps: every write to a tracked table raises them, on both databases (issue 15)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case, Household, Person
from cspr.changes import fragments, triggers
from cspr.changes.models import CaseStamp, ReferenceStamp
from cspr.chronology.models import ChronologyEntry
from cspr.organisations.models import ClosureDay
from tests.changes.helpers import entry, entry_fields
from tests.world import World


def stamp(case: Case) -> int:
    return fragments.case_stamp(case.pk)


def test_insert_update_and_delete_of_a_row_of_the_case_each_raise_its_stamp(world: World) -> None:
    case, other = world.cases["own"], world.cases["other"]
    before, other_before = stamp(case), stamp(other)
    row = entry(case, world)
    after_insert = stamp(case)
    ChronologyEntry.objects.filter(pk=row.pk).update(key_event="Changed (fictional)")  # no model save, no action
    after_update = stamp(case)
    row.delete()
    after_delete = stamp(case)
    assert before < after_insert < after_update < after_delete
    assert stamp(other) == other_before  # another case's rows are not touched


def test_a_row_two_steps_from_its_case_raises_the_case_stamp(world: World) -> None:
    case = world.cases["own"]
    person = Person.objects.create(case=case, role="child", first_name="Testchild")
    household = Household.objects.create(case=case, name="Test household (fictional)")
    before = stamp(case)
    household.members.add(person)  # cases_household_members: household -> case
    assert stamp(case) > before


def test_moving_a_row_to_another_case_raises_both_stamps(world: World) -> None:
    own, other = world.cases["own"], world.cases["other"]
    row = entry(own, world)
    own_before, other_before = stamp(own), stamp(other)
    ChronologyEntry.objects.filter(pk=row.pk).update(case=other)
    assert stamp(own) > own_before
    assert stamp(other) > other_before


def test_a_bulk_insert_raises_the_stamp(world: World) -> None:
    case = world.cases["own"]
    before = stamp(case)
    ChronologyEntry.objects.bulk_create(
        ChronologyEntry(**entry_fields(case, world, f"Bulk event {i} (fictional)")) for i in range(50)
    )
    after = stamp(case)
    assert after > before
    if connection.vendor == "postgresql":
        assert after == before + 1  # one statement, one raise (statement-level triggers)


def test_partnership_data_raises_the_reference_stamp_and_signing_in_does_not(world: World) -> None:
    before = fragments.reference_stamp()
    ClosureDay.objects.create(partnership=world.home, date=dt.date(2026, 12, 29), reason="Test closure (fictional)")
    after_closure = fragments.reference_stamp()
    assert after_closure > before
    manager = world.user(Role.BUSINESS_MANAGER)
    User.objects.filter(pk=manager.pk).update(last_login=dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC))
    User.objects.filter(pk=manager.pk).update(password="changed")
    assert fragments.reference_stamp() == after_closure  # no page shows either column
    User.objects.filter(pk=manager.pk).update(full_name="Renamed Test User")
    assert fragments.reference_stamp() > after_closure


def test_a_rolled_back_write_leaves_the_stamp_where_it_was(world: World) -> None:
    case = world.cases["own"]
    before = stamp(case)
    seen_inside: list[int] = []

    def write_then_fail() -> None:
        with transaction.atomic():
            entry(case, world)
            seen_inside.append(stamp(case))  # the writer's own transaction sees its raise
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert seen_inside[0] > before
    assert stamp(case) == before


def test_a_deleted_case_keeps_its_stamp_row(world: World) -> None:
    """No foreign key: a key built from a deleted case's counter must never come back."""
    case = world.cases["other"]
    entry(case, world)
    case_id = case.pk
    case.delete()
    assert CaseStamp.objects.get(case_id=case_id).n > 0


def test_the_expression_for_a_row_three_steps_away() -> None:
    path = "participant_id:workshops_participant/workshop_id:workshops_workshop/case_id"
    assert triggers.case_expression(path, "NEW") == (
        "(SELECT t1.case_id FROM workshops_workshop t1 WHERE t1.id = "
        "(SELECT t0.workshop_id FROM workshops_participant t0 WHERE t0.id = NEW.participant_id))"
    )
    assert triggers.case_expression("case_id", "OLD") == "OLD.case_id"
    assert triggers.reference_expression("partnership_id", "r") == "COALESCE(r.partnership_id, 0)"
    assert ReferenceStamp._meta.db_table == triggers.REFERENCE_STAMPS
    assert CaseStamp._meta.db_table == triggers.CASE_STAMPS
