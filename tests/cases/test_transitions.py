"""``case_action`` and the milestone table: the one way a case changes (real database, no mocks)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.cases import milestones
from cspr.cases.concurrency import StaleEdit
from cspr.cases.models import Case, Stage
from cspr.cases.transitions import (
    ActionRefused,
    case_action,
    is_allowed,
    not_reached,
    register_action,
    registered,
)
from tests.world import World, make_case

D = dt.date

register_action("tests.send_scoping", allowed=not_reached("scoping_sent_date"))
register_action("tests.note", allowed=lambda case: True)


def test_refuses_on_the_locked_row_not_the_callers_stale_object(world: World) -> None:
    case = world.cases["own"]
    assert is_allowed(case, "tests.send_scoping")
    # Someone else sent the requests after this object was loaded.
    Case.objects.filter(pk=case.pk).update(scoping_sent_date=D(2026, 11, 4))
    user = world.user(Role.BUSINESS_MANAGER)
    with pytest.raises(ActionRefused) as refused, case_action(case, "tests.send_scoping", acting_user=user):
        pytest.fail("the body of a refused action must not run")
    assert "Scoping requests out" in refused.value.messages[0]
    assert isinstance(refused.value, ValidationError)


def test_reaching_a_milestone_saves_a_new_version_moves_the_stage_and_audits(world: World) -> None:
    case = world.cases["own"]
    user = world.user(Role.BUSINESS_MANAGER)
    version = case.version
    with (
        time_machine.travel(dt.datetime(2026, 11, 6, 12, tzinfo=dt.UTC), tick=False),
        case_action(case, "tests.send_scoping", acting_user=user) as ctx,
    ):
        ctx.reach_milestone("scoping_sent_date", D(2026, 11, 5), today=D(2026, 11, 6))
        assert ctx.case.stage == Stage.SCOPING
        ctx.audit(after={"scoping_sent_date": "2026-11-05"})
    stored = Case.objects.get(pk=case.pk)
    assert (stored.stage, stored.scoping_sent_date, stored.version) == (Stage.SCOPING, D(2026, 11, 5), version + 1)
    # The caller's object follows the stored row.
    assert (case.stage, case.version) == (Stage.SCOPING, version + 1)
    event = AuditEvent.objects.get(action="tests.send_scoping")
    assert (event.case_id, event.actor_id) == (case.pk, user.pk)


def test_a_failing_action_leaves_no_change_and_no_audit_row(world: World) -> None:
    case = world.cases["own"]
    stage = case.stage

    def fail_half_way() -> None:
        with case_action(case, "tests.send_scoping", acting_user=world.user(Role.BUSINESS_MANAGER)) as ctx:
            ctx.reach_milestone("scoping_sent_date", D(2026, 11, 5))
            ctx.audit()
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail_half_way()
    stored = Case.objects.get(pk=case.pk)
    assert stored.scoping_sent_date is None
    assert stored.stage == stage
    assert not AuditEvent.objects.filter(action="tests.send_scoping").exists()


def test_side_effects_wait_for_the_commit(world: World, django_capture_on_commit_callbacks: Any) -> None:
    ran: list[str] = []
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        case_action(world.cases["own"], "tests.note", acting_user=None) as ctx,
    ):
        ctx.on_commit(lambda: ran.append("sent"))
        assert ran == []
    assert ran == ["sent"]
    assert len(callbacks) == 1


def test_a_milestone_out_of_order_is_refused(world: World) -> None:
    case = world.cases["own"]
    referral = case.referral_received_date
    assert referral is not None
    with pytest.raises(ValidationError) as error, case_action(case, "tests.send_scoping", acting_user=None) as ctx:
        ctx.reach_milestone("scoping_sent_date", referral - dt.timedelta(days=1))
    assert error.value.message_dict["scoping_sent_date"] == [
        "The date the scoping requests were sent must be the same as or after the date the referral was received"
    ]


def test_a_stale_version_is_refused(world: World) -> None:
    case = world.cases["own"]
    with pytest.raises(StaleEdit), case_action(case, "tests.note", acting_user=None, expected_version=case.version + 3):
        pytest.fail("must not run")


def test_nested_actions_share_the_locked_row_and_save_one_version(world: World) -> None:
    case = world.cases["own"]
    version = case.version
    with (
        case_action(case, "tests.note", acting_user=None) as outer,
        case_action(outer.case, "tests.send_scoping", acting_user=None) as inner,
    ):
        assert inner.case is outer.case
        inner.reach_milestone("scoping_sent_date", case.referral_received_date)
    stored = Case.objects.get(pk=case.pk)
    assert (stored.version, stored.stage) == (version + 1, Stage.SCOPING)


def test_an_action_that_changes_nothing_keeps_the_version(world: World) -> None:
    case = make_case("HOME-2026-050", world.home, Stage.REFERRAL)
    version = case.version
    with case_action(case, "tests.note", acting_user=None):
        pass
    assert Case.objects.get(pk=case.pk).version == version


def test_registering_one_name_for_two_rules_is_an_error() -> None:
    with pytest.raises(RuntimeError):
        register_action("tests.note", allowed=not_reached("decision_date"))
    assert "tests.note" in registered()


def test_an_unregistered_action_is_a_programming_error(world: World) -> None:
    with pytest.raises(LookupError), case_action(world.cases["own"], "tests.never_registered", acting_user=None):
        pass


# --- The milestone table ---------------------------------------------------------------------


def _case(**dates: dt.date) -> Case:
    return Case(**dates)


@pytest.mark.parametrize(
    ("dates", "stage"),
    [
        ({}, Stage.REFERRAL),
        ({"scoping_sent_date": D(2026, 11, 4)}, Stage.SCOPING),
        ({"scoping_sent_date": D(2026, 11, 4), "meeting_date": D(2026, 11, 13)}, Stage.MEETING),
        ({"meeting_date": D(2026, 11, 13), "decision_date": D(2026, 11, 13)}, Stage.RATIFICATION),
        ({"decision_date": D(2026, 11, 13), "ratified_date": D(2026, 11, 16)}, Stage.RATIFICATION),
        ({"ratified_date": D(2026, 11, 16), "submitted_date": D(2026, 11, 17)}, Stage.SUBMITTED),
        # The LCSPR is commissioned at ratification; the headline stays with the Rapid Review until the
        # LCSPR's own work begins.
        ({"submitted_date": D(2026, 11, 17), "lcspr_commissioned_date": D(2026, 11, 16)}, Stage.SUBMITTED),
        ({"submitted_date": D(2026, 11, 17), "terms_of_reference_agreed_date": D(2026, 12, 1)}, Stage.LCSPR),
        ({"report_approved_date": D(2027, 5, 1)}, Stage.PUBLICATION),
        ({"report_approved_date": D(2027, 5, 1), "published_date": D(2027, 6, 1)}, Stage.EMBEDDING),
        ({"published_date": D(2027, 6, 1), "action_plan_closed_date": D(2028, 1, 1)}, Stage.CLOSED),
    ],
)
def test_the_headline_stage_is_derived_from_the_milestones(dates: dict[str, dt.date], stage: Stage) -> None:
    assert milestones.derive_stage(_case(**dates)) == stage


def test_every_milestone_is_a_case_date_field() -> None:
    fields = {f.name for f in Case._meta.get_fields() if f.get_internal_type() == "DateField"}
    assert set(milestones.FIELDS) == fields


def test_order_rules_name_the_later_date() -> None:
    errors = milestones.order_errors(
        {"incident_date": D(2026, 11, 5), "aware_date": D(2026, 11, 2), "report_approved_date": D(2027, 1, 1)}
        | {"terms_of_reference_agreed_date": D(2027, 2, 1)}
    )
    assert errors == {
        "aware_date": "The date the local authority became aware must be the same as or after the date of the incident",
        "report_approved_date": "The date the final report was approved must be the same as or after "
        "the date the terms of reference were agreed",
    }


def test_past_only_milestones_cannot_be_in_the_future() -> None:
    errors = milestones.order_errors(
        {"published_date": D(2026, 12, 1), "meeting_date": D(2026, 12, 1)}, today=D(2026, 11, 29)
    )
    assert errors == {"published_date": "The date the report was published must be today or in the past"}


def test_only_limits_the_check_to_the_milestone_being_reached() -> None:
    values = {"incident_date": D(2026, 11, 5), "aware_date": D(2026, 11, 2), "scoping_sent_date": D(2026, 11, 9)}
    assert milestones.order_errors(values, only=frozenset({"scoping_sent_date"})) == {}


@pytest.mark.django_db(transaction=True)
def test_two_people_sending_at_once_reach_the_milestone_once(world: World) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers, so there is no race to provoke; run on PostgreSQL")
    pk = world.cases["own"].pk
    inside, release = threading.Event(), threading.Event()
    outcomes: list[str] = []

    def first() -> None:
        try:
            with case_action(pk, "tests.send_scoping", acting_user=None) as ctx:
                inside.set()
                release.wait(10)
                ctx.reach_milestone("scoping_sent_date", D(2026, 11, 3))
            outcomes.append("sent")
        finally:
            connection.close()

    def second() -> None:
        inside.wait(10)
        try:
            # Allowed on the object this request loaded; refused on the row it waits to lock.
            with case_action(pk, "tests.send_scoping", acting_user=None) as ctx:
                ctx.reach_milestone("scoping_sent_date", D(2026, 11, 4))
            outcomes.append("sent")
        except ActionRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    release.set()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused", "sent"]
    assert Case.objects.get(pk=pk).scoping_sent_date == D(2026, 11, 3)


def test_a_failed_nested_action_leaves_the_outer_action_unchanged(world: World) -> None:
    case = world.cases["own"]

    def inner_fails(outer_case: Case) -> None:
        with case_action(outer_case, "tests.send_scoping", acting_user=None) as inner:
            inner.reach_milestone("scoping_sent_date", case.referral_received_date)
            raise RuntimeError("the inner action failed")

    with case_action(case, "tests.note", acting_user=None) as outer:
        with pytest.raises(RuntimeError):
            inner_fails(outer.case)
        assert outer.case.scoping_sent_date is None
    assert Case.objects.get(pk=case.pk).scoping_sent_date is None
