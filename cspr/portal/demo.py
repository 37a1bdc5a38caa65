"""Demo agency requests on DEMO-2 … DEMO-5, in varied states, built with the real actions (so the
history and audit trail are real) without sending email. Idempotent: a case that already has
requests is left alone. The Rapid Review's demo calls ``seed`` before it records the meetings and
decisions, so the requests go out while the send action still allows them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cspr.accounts.models import User
from cspr.cases.models import Case
from cspr.organisations.models import Agency
from cspr.outbox import api as outbox
from cspr.portal import actions, demo_lcspr, escalation
from cspr.portal.clock import add_working_days
from cspr.portal.kinds.base import SAVED_SECTIONS
from cspr.portal.kinds.scoping import SECTIONS
from cspr.portal.models import InformationRequest, RequestType

SCHOOL = "Demo Primary Academy"
GP = "Example Street Surgery (GP, demo)"
HOSPITAL = "Demo Hospitals NHS Trust"
POLICE = "Police Public Protection Unit (Demo)"
HOUSING = "Demo Homes Housing Association"
CHILDRENS = "Children's Services (Demo)"

# case -> agency -> what happened so far
PLANS: dict[str, dict[str, str]] = {
    "DEMO-2": {SCHOOL: "draft", GP: "sent", HOSPITAL: "submitted", HOUSING: "no_involvement", CHILDRENS: "submitted"},
    "DEMO-3": {SCHOOL: "accepted", GP: "escalated", HOSPITAL: "revision", POLICE: "accepted"},
    "DEMO-4": {SCHOOL: "accepted", HOSPITAL: "accepted", POLICE: "accepted"},
    "DEMO-5": {SCHOOL: "accepted", GP: "accepted", POLICE: "accepted"},
}

ANSWERS = {
    SCHOOL: {
        "contact_name": "Demo School Safeguarding Lead",
        "contact_designation": "Demo Primary Academy, Designated Safeguarding Lead",
        "contact_details": "school.lead@demo.cspr.invalid, 01632 960001",
        "summary_of_involvement": "The child joined Reception in September 2023. Attendance fell to 82% in the spring term "
        "and two bruises were recorded in the safeguarding log (fictional).",
        "analysis_of_practice": "Concerns were logged but not shared with the health visitor.",
        "working_together_concerns": "No invitation to the strategy discussion reached the school.",
        "learning": "Share attendance concerns with health partners sooner.",
        "other_agencies": "Demo Community Health Services (health visiting).",
        "further_information": "",
    },
    HOSPITAL: {
        "contact_name": "Demo Named Nurse",
        "contact_designation": "Demo Hospitals NHS Trust, Named Nurse for Safeguarding Children",
        "contact_details": "safeguarding@hospital.demo.invalid",
        "summary_of_involvement": "Two emergency department attendances in 2025 for minor injuries (fictional).",
        "analysis_of_practice": "The second attendance was not checked against the first.",
        "working_together_concerns": "",
        "learning": "Flag repeat attendances of under-fives to the safeguarding team.",
        "other_agencies": "",
        "further_information": "",
    },
}


def _manager() -> User | None:
    return User.objects.filter(email="manager@demo.cspr.invalid").first()


def _lead(agency: Agency) -> User | None:
    return User.objects.filter(agency=agency).first() or _manager()


def _answer(request: InformationRequest, lead: User, case: Case) -> InformationRequest:
    answers: dict[str, Any] = dict(ANSWERS.get(request.agency.name, ANSWERS[HOSPITAL]))
    mother = case.people.filter(relationship_to_child="Mother").first()
    if mother is not None and request.agency.name == HOSPITAL:
        answers["family"] = {str(mother.pk): {"ethnicity": "White Irish", "language": mother.language}}
    tracker = [
        actions.TrackerRow(
            answers["learning"],
            "Brief all staff and update the procedure",
            "Safeguarding lead",
            timezone.localdate() + dt.timedelta(days=60),
        )
    ]
    # Answered as a whole: every section counts as answered on the task list.
    answers[SAVED_SECTIONS] = [s.slug for s in SECTIONS]
    return actions.save_draft(request, answers, tracker, acting_user=lead)


def _submit(request: InformationRequest, lead: User, case: Case) -> InformationRequest:
    request = _answer(request, lead, case)
    return actions.submit_return(
        request,
        records_secured_on=timezone.localdate(),
        records_secured_by=f"{lead.full_name}, {lead.job_title or 'Safeguarding lead'}",
        kept_separate=True,
        acting_user=lead,
    )


def _play(request: InformationRequest, plan: str, manager: User, case: Case) -> None:
    lead = _lead(request.agency) or manager
    if plan == "sent":
        return
    actions.mark_opened(request, acting_user=lead)
    request.refresh_from_db()
    if plan == "draft":
        _answer(request, lead, case)
    elif plan == "no_involvement":
        actions.confirm_no_involvement(
            request,
            statement="We have checked our records: the child and the family members named are not known to us.",
            confirmed_by=f"{lead.full_name}, {lead.job_title}",
            acting_user=lead,
        )
    elif plan == "escalated":
        InformationRequest.objects.filter(pk=request.pk).update(
            due_date=add_working_days(case.lead_partnership_id, case.referral_received_date or timezone.localdate(), 2)
        )
        request.refresh_from_db()
        if request.is_overdue():
            escalation.escalate(
                request, reason="No reply after two reminders and a telephone call.", acting_user=manager
            )
    elif plan in {"submitted", "accepted", "revision"}:
        request = _submit(request, lead, case)
        if plan == "accepted":
            actions.accept_return(request, acting_user=manager)
        elif plan == "revision":
            actions.request_revision(request, reasons="Please add the dates of both attendances.", acting_user=manager)


def seed() -> None:
    manager = _manager()
    if manager is None:
        return
    with outbox.suppressed():
        # DEMO-7's LCSPR requests; on the first call (from the Rapid Review's demo) it is not yet
        # commissioned and is skipped, on the portal's own seed it is.
        lcspr_case = Case.objects.filter(reference="DEMO-7").first()
        if lcspr_case is not None:
            demo_lcspr.seed(lcspr_case, manager)
        for reference, plan in PLANS.items():
            case = Case.objects.filter(reference=reference).first()
            if case is None or InformationRequest.objects.filter(case=case, request_type=RequestType.SCOPING).exists():
                continue
            if actions.family_composition_problems(case):
                continue
            agencies = {a.name: a for a in Agency.objects.filter(partnership=case.lead_partnership, name__in=plan)}
            referral = case.referral_received_date or timezone.localdate()
            sent = actions.send_scoping_requests(
                case,
                [agencies[name] for name in plan if name in agencies],
                acting_user=manager,
                # The working day after the referral, as a coordinator would (C5: within 2 working days).
                sent_date=min(add_working_days(case.lead_partnership_id, referral, 1), timezone.localdate()),
                case_summary="A fictional child was seriously injured at home. This summary is invented for the demo.",
                time_period="From the child's birth to the date of the incident.",
            )
            for request in sent:
                _play(request, plan[request.agency.name], manager, case)
