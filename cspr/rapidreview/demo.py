"""Enrich DEMO-1 … DEMO-9 with their Rapid Review record, one stage further each. Idempotent.

DEMO-1 new referral (referral details only) · DEMO-2 scoping requests out · DEMO-3 meeting due
(date set, people invited) · DEMO-4 awaiting ratification (quorate meeting, decision recorded, one
partner ratified) · DEMO-5 submitted to the Panel (all ratified, endorsed, what was sent stored) ·
DEMO-6 … DEMO-9 submitted the same way, their decision (b) commissioning an LCSPR.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.demo import set_dates
from cspr.cases.models import AgencyInvolvement, Case, ParallelProcess, ProcessKind, Referral, ReferralEvent
from cspr.organisations.models import PartnerKind
from cspr.rapidreview import pack
from cspr.rapidreview.actions import lcspr_decided, panel_mailbox
from cspr.rapidreview.models import (
    Attendee,
    Endorsement,
    Meeting,
    PanelConsideration,
    RapidReviewRecord,
    Ratification,
    Submission,
    SubmissionMethod,
)

COVID = (
    "Whether, and to what extent, the Covid-19 pandemic may have impacted either on the circumstances of the child "
    "or family or the capacity of services to respond to their needs"
)


def _weekdays_after(day: dt.date, n: int) -> dt.date:
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def _referral(case: Case) -> None:
    Referral.objects.get_or_create(
        case=case,
        defaults={
            "date_of_referral": case.referral_received_date,
            "referrer_name": "Demo Referrer",
            "referrer_agency_role": "Demo Primary Academy, Designated Safeguarding Lead",
            "referrer_email": "referrer@demo.cspr.invalid",
            "dsl_name": "Demo Safeguarding Lead",
            "dsl_agency_role": "Demo Primary Academy, Deputy Headteacher",
            "incident_kind": "serious_harm",
            "carer_at_time": "Mother's partner (fictional)",
            "circumstances": "A fictional demo case: the child was admitted to hospital with unexplained injuries.",
            "reasons": "Concerns about information sharing between the school, the GP and children's services.",
        },
    )
    if not case.referral_events.exists():
        ReferralEvent.objects.create(
            case=case,
            occurred_on=case.incident_date or case.referral_received_date or timezone.localdate(),
            time="14:30",
            event="Child brought to the emergency department by ambulance (fictional).",
        )
    if not case.parallel_processes.exists():
        ParallelProcess.objects.create(
            case=case,
            kind=ProcessKind.CRIMINAL,
            contact="DI Demo Investigator (fictional)",
            detail="Investigation open",
        )


def _scoping(case: Case) -> None:
    agencies = list(case.lead_partnership.agencies.order_by("name")[:4])
    for agency in agencies:
        AgencyInvolvement.objects.get_or_create(
            case=case, agency=agency, defaults={"scoping_requested": True, "reason": "Known to the family (demo)"}
        )
    if case.scoping_sent_date is None and case.referral_received_date:
        set_dates(case, scoping_sent_date=_weekdays_after(case.referral_received_date, 1))


def _meeting(case: Case, *, held: bool) -> Meeting:
    referral = case.referral_received_date or timezone.localdate()
    date = _weekdays_after(referral, 10)
    meeting, _ = Meeting.objects.get_or_create(
        case=case, defaults={"date": date, "time": "10am", "location": "Civic Centre, Room 3 (demo)"}
    )
    if case.meeting_date is None:
        set_dates(case, meeting_date=meeting.date)
    if not meeting.attendees.exists():
        for kind in PartnerKind:
            Attendee.objects.create(
                meeting=meeting,
                name=f"Demo {kind.label} Delegate",
                role="Delegated Safeguarding Partner",
                organisation=kind.label,
                email=f"{kind.value}.delegate@demo.cspr.invalid",
                represents=kind.value,
                employed_by=kind.value,
                delegated_authority=True,
                present=held,
                confidentiality_agreed=held,
                invited_at=timezone.now(),
            )
        Attendee.objects.create(
            meeting=meeting,
            name="Demo Observer",
            role="Trainee social worker",
            organisation="Children's services (demo)",
            observer=True,
            present=held,
            confidentiality_agreed=held,
        )
        meeting.invitations_sent_at = timezone.now()
        meeting.save(update_fields=["invitations_sent_at"])
    return meeting


def _decision(case: Case, manager: User | None, meeting: Meeting) -> None:
    record, _ = RapidReviewRecord.objects.get_or_create(case=case)
    if record.decision:
        return
    record.case_summary = "A fictional demo summary of the family's circumstances and the incident."
    record.documentation_available = "Serious incident notification; scoping returns from four agencies; referral form"
    record.immediate_action_taken = True
    record.immediate_actions = "Sibling placed with maternal grandmother under a safety plan (fictional)."
    record.criteria = ["improvements", "two_or_more"]
    record.immediate_actions_who = "Children's services (demo)"
    record.immediate_actions_when = "On the day of the incident (demo)"
    record.time_period = "From the child's birth to the incident"
    record.previous_involvement = "The school and the GP knew the mother and her partner (fictional)."
    record.lived_experience = "The child's voice was rarely recorded (fictional)."
    record.considerations = "The child's voice, culture and identity were considered (fictional)."
    record.discussion = "Partners discussed information sharing between the school and the GP (fictional)."
    record.themes = "Information sharing; professional curiosity"
    record.conclusion = "There is potential learning about agencies working together (fictional)."
    record.immediate_learning = "Single-agency learning about recording the child's voice was shared at a briefing."
    record.learning_sharing = "A seven-minute briefing to every agency (fictional)."
    record.legal_advice_sought = False
    record.panel_answers = {
        str(item.pk): "No impact identified (fictional)."
        for item in case.lead_partnership.panel_considerations.filter(active=True)
    }
    record.decision = ["b"]
    record.kloes = "How well did agencies share information about the mother's new partner?"
    record.reasons = "The case highlights concerns about agencies working together (demo)."
    record.decided_at = timezone.now()
    record.decided_by = manager
    record.save()
    set_dates(case, decision_date=meeting.date)


def _ratify(case: Case, manager: User, kinds: list[PartnerKind]) -> None:
    """Each partner's own lead ratifies (rule 37, C7); the business manager records it on a partner's
    behalf only where the demo has no lead for that partner."""
    date = case.decision_date or timezone.localdate()
    for kind in kinds:
        partner = case.lead_partnership.statutory_partners.filter(kind=kind).first()
        lead = User.objects.filter(role=Role.PARTNER_LEAD, statutory_partner=partner).order_by("pk").first()
        defaults: dict[str, object] = {
            "executive_name": lead.full_name if lead else (partner.lead_name if partner else f"Demo {kind.label} Lead"),
            "executive_role": lead.job_title if lead else (partner.lead_role if partner else "Lead"),
            "date": date,
            "recorded_by": lead or manager,
            "acting_partner": kind.value if lead else "",
            "on_behalf": lead is None,
        }
        if lead is None:
            defaults |= {
                "on_behalf_reason": "The partner's lead ratified by email (demo).",
                "delegation": "Written delegation to the business manager to record it (demo).",
            }
        Ratification.objects.get_or_create(case=case, partner=kind.value, defaults=defaults)
    if len(kinds) == len(PartnerKind) and case.ratified_date is None:
        # As the ratify action does: a ratified decision (b) starts the LCSPR clock (C10).
        commissioned = date if lcspr_decided(case) else None
        set_dates(case, ratified_date=date, lcspr_commissioned_date=commissioned)


def _submit(case: Case, manager: User) -> None:
    Endorsement.objects.get_or_create(
        case=case,
        defaults={
            "name": "Demo Independent Scrutineer",
            "role": "Independent Scrutineer",
            "date": case.ratified_date or timezone.localdate(),
            "recorded_by": manager,
        },
    )
    if Submission.objects.filter(case=case).exists():
        return
    date = _weekdays_after(case.ratified_date or timezone.localdate(), 1)
    attachments = pack.build(case, acting_user=manager)
    Submission.objects.create(
        case=case,
        method=SubmissionMethod.MANUAL,
        date=date,
        sent_by=manager,
        recipients=[panel_mailbox(case)],
        subject=f"Rapid Review submission {case.reference}",
        body="Recorded in the demo world: sent outside CSPR Manager.",
        attachments=[a.describe() for a in attachments],
    )
    set_dates(case, submitted_date=date)


def seed() -> None:
    cases = {c.reference: c for c in Case.objects.filter(reference__in=[f"DEMO-{n}" for n in range(1, 10)])}
    if len(cases) < 9:
        return
    home = cases["DEMO-1"].lead_partnership
    PanelConsideration.objects.get_or_create(partnership=home, question=COVID)
    manager = User.objects.filter(partnership=home, role=Role.BUSINESS_MANAGER).order_by("pk").first()
    for case in cases.values():
        _referral(case)
    # The scoping requests go out (through the real send action) before any meeting or decision.
    from cspr.portal import demo as portal_demo

    portal_demo.seed()
    for ref in ("DEMO-2", "DEMO-3", "DEMO-4", "DEMO-5", "DEMO-6", "DEMO-7", "DEMO-8", "DEMO-9"):
        _scoping(cases[ref])
    _meeting(cases["DEMO-3"], held=False)
    if manager is None:
        return
    every = list(PartnerKind)
    for ref, kinds in (
        ("DEMO-4", [PartnerKind.LOCAL_AUTHORITY]),
        ("DEMO-5", every),
        ("DEMO-6", every),
        ("DEMO-7", every),
        ("DEMO-8", every),
        ("DEMO-9", every),
    ):
        meeting = _meeting(cases[ref], held=True)
        _decision(cases[ref], manager, meeting)
        _ratify(cases[ref], manager, kinds)
    for ref in ("DEMO-5", "DEMO-6", "DEMO-7", "DEMO-8", "DEMO-9"):
        _submit(cases[ref], manager)
