"""Builders shared by the Rapid Review tests (real actions, real database)."""

from __future__ import annotations

import datetime as dt

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case, Person, PersonRole, Stage
from cspr.organisations.models import PartnerKind, Partnership
from cspr.rapidreview import actions
from cspr.rapidreview.models import Meeting, RapidReviewRecord
from tests.world import World

TODAY = dt.date(2026, 11, 16)


def add_family_member(case: Case) -> Person:
    return Person.objects.create(
        case=case, role=PersonRole.FAMILY_MEMBER, first_name="Testparent", relationship_to_child="Mother"
    )


def meeting_with(
    world: World, case: Case, kinds: list[PartnerKind], *, date: dt.date = dt.date(2026, 11, 13)
) -> Meeting:
    # The lead partnership's business manager (a collaborator's would add its own people).
    user = world.away_manager if case.lead_partnership_id == world.away.pk else world.user(Role.BUSINESS_MANAGER)
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
                "employed_by": kind.value,
                "delegated_authority": True,
                "present": True,
                "confidentiality_agreed": True,
            },
            acting_user=user,
        )
    return meeting


def complete_record(world: World, case: Case) -> None:
    """Every required part of Document 4 sections 1 and 2 (completeness before the decision)."""
    record = RapidReviewRecord.objects.filter(case=case).first()
    actions.save_record(
        case,
        expected_version=record.version if record else None,
        values={
            "case_summary": "Fictional summary of the family and the incident.",
            "documentation_available": "Notification; scoping returns",
            "immediate_action_taken": True,
            "immediate_actions": "Sibling safety plan in place (fictional).",
            "criteria": ["improvements"],
            "time_period": "From birth to the incident",
            "previous_involvement": "Known to the school and GP (fictional).",
            "lived_experience": "The child's voice was rarely recorded (fictional).",
            "considerations": "Culture, identity and the child's voice were considered (fictional).",
            "discussion": "Information sharing was discussed (fictional).",
            "conclusion": "Potential learning about multi-agency working (fictional).",
            "immediate_learning": "Single-agency learning about recording the child's voice, shared at a briefing.",
            "learning_sharing": "Seven-minute briefing (fictional).",
            "legal_advice_sought": False,
        },
        acting_user=world.away_manager
        if case.lead_partnership_id == world.away.pk
        else world.user(Role.BUSINESS_MANAGER),
    )


def partner_lead(world: World, kind: PartnerKind, partnership: Partnership | None = None) -> User:
    """The lead of one statutory partner (the world's partner lead is the local authority's)."""
    partnership = partnership or world.home
    partner = partnership.statutory_partners.get(kind=kind)
    if partnership == world.home and kind is PartnerKind.LOCAL_AUTHORITY:
        return world.user(Role.PARTNER_LEAD)
    user, _ = User.objects.get_or_create(
        email=f"{kind.value}.lead.{partnership.short_code.lower()}@test.invalid",
        defaults={
            "full_name": f"Test {kind.label} Lead",
            "role": Role.PARTNER_LEAD,
            "partnership": partnership,
            "statutory_partner": partner,
            "job_title": "Executive",
        },
    )
    return user


def decide_lcspr(world: World, case: Case) -> None:
    complete_record(world, case)
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
            acting_user=partner_lead(world, kind, case.lead_partnership),
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
