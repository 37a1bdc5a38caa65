"""Builders shared by the Rapid Review tests (real actions, real database)."""

from __future__ import annotations

import datetime as dt

from cspr.accounts.roles import Role
from cspr.cases.models import Case, Person, PersonRole, Stage
from cspr.organisations.models import PartnerKind
from cspr.rapidreview import actions
from cspr.rapidreview.models import Meeting
from tests.world import World

TODAY = dt.date(2026, 11, 16)


def add_family_member(case: Case) -> Person:
    return Person.objects.create(
        case=case, role=PersonRole.FAMILY_MEMBER, first_name="Testparent", relationship_to_child="Mother"
    )


def meeting_with(
    world: World, case: Case, kinds: list[PartnerKind], *, date: dt.date = dt.date(2026, 11, 13)
) -> Meeting:
    user = world.user(Role.BUSINESS_MANAGER)
    meeting, _ = actions.set_meeting(case, date=date, time="10am", location="Room 1", acting_user=user)
    for kind in kinds:
        actions.save_attendee(
            case,
            None,
            values={
                "name": f"Test {kind.label} rep",
                "role": "Director",
                "organisation": kind.label,
                "email": f"{kind.value}@test.invalid",
                "represents": kind.value,
                "delegated_authority": True,
                "present": True,
                "confidentiality_agreed": True,
            },
            acting_user=user,
        )
    return meeting


def decide_lcspr(world: World, case: Case) -> None:
    actions.record_decision(
        case,
        expected_version=None,
        decision=["b"],
        other_review="",
        kloes="How well did agencies share information?",
        reasons="Potential learning about multi-agency working.",
        decision_date=dt.date(2026, 11, 13),
        acting_user=world.user(Role.BUSINESS_MANAGER),
    )


def ratify_all(world: World, case: Case) -> None:
    for kind in PartnerKind:
        actions.ratify(
            case,
            partner=kind.value,
            executive_name=f"Exec {kind.label}",
            executive_role="Director",
            date=dt.date(2026, 11, 16),
            acting_user=world.user(Role.PARTNER_LEAD),
        )


def at_stage(case: Case, stage: Stage) -> Case:
    """Put a test case's milestones where ``stage`` is the headline (the stage is derived from them)."""
    referral = case.referral_received_date or TODAY
    reached = {
        Stage.REFERRAL: {},
        Stage.SCOPING: {"scoping_sent_date": referral},
    }[stage]
    values = {"scoping_sent_date": None, "meeting_date": None, "decision_date": None} | reached
    Case.objects.filter(pk=case.pk).update(stage=stage, **values)
    case.refresh_from_db()
    return case
