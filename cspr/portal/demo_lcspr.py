"""DEMO-7's information from agencies (the LCSPR at about four months), built with the real actions
and no email: chronologies returned by the school and the GP, accepted and imported into the
integrated chronology; information reports out, the school's returned incomplete with the missing
questions listed (rule 54), the GP's accepted; a learning template in draft; a staff interview
noticed and summarised (rule 55); a police disclosure request answered with contact details
(rule 56). Idempotent: a case that already has LCSPR requests is left alone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cspr.accounts.models import User
from cspr.cases.models import Case
from cspr.organisations.models import Agency
from cspr.portal import actions, disclosure, interviews
from cspr.portal.kinds.base import SAVED_SECTIONS
from cspr.portal.kinds.registry import REGISTRY
from cspr.portal.lcspr_requests import send_lcspr_requests
from cspr.portal.models import InformationRequest, RequestType

SCHOOL = "Demo Primary Academy"
GP = "Example Street Surgery (GP, demo)"
DEADLINE_DAYS = 28


def _author(agency: str, today: dt.date) -> dict[str, str]:
    return {
        "author_name": f"Demo Author ({agency})",
        "author_role": f"{agency}, Deputy Safeguarding Lead",
        "author_contact": "author@demo.cspr.invalid",
        "date_completed": today.isoformat(),
        "author_independent": "yes",
        "signed_off_name": f"Demo Senior Officer ({agency})",
        "signed_off_role": "Director of Safeguarding (demo)",
        "signed_off_contact": "senior@demo.cspr.invalid",
        "signed_off_on": today.isoformat(),
    }


def _chronology(agency: str, today: dt.date) -> dict[str, Any]:
    year = today.year - 1
    return {
        **_author(agency, today),
        "key_events": [
            {
                "date": f"14/01/{year}",
                "time": "",
                "source": f"{agency} record (demo)",
                "child_contact": "Seen with mother, not alone",
                "family_contact": "Mother, by the practitioner",
                "key_event": f"Demo Child seen by {agency}: concerns about weight noted (fictional)",
                "comment": "Not shared with the health visitor",
            },
            {
                "date": f"Spring {year}",
                "time": "",
                "source": f"{agency} record (demo)",
                "child_contact": "Not seen",
                "family_contact": "",
                "key_event": "Two missed appointments, no follow-up (fictional)",
                "comment": "Potential learning: was not brought",
            },
        ],
        "organisational_changes": [
            {
                "date": f"01/09/{year - 1}",
                "key_event": "Safeguarding lead post vacant for a term (fictional)",
                "source": "Staffing records (demo)",
                "comment": "Fewer supervision sessions",
            }
        ],
        SAVED_SECTIONS: ["author", "sign_off", "key_events", "organisational_changes"],
    }


REPORT_ANSWERS = {
    "q1_parallel": "no",
    "q2_documents": "Safeguarding log, attendance records, pastoral notes (demo)",
    "q2_interviews": "The class teacher was interviewed; sections 4 and 6 draw on it",
    "q31_reviewed": "yes",
    "q31_corrections": "None",
    "q32_context": "The safeguarding lead post was vacant for a term (fictional).",
    "q4_analysis": "Concerns were logged but not shared with health partners (fictional).",
    "q5_good_practice": "Attendance was followed up daily.",
    "q6_learning": "Share concerns about a child who is not brought sooner.",
    "q7_implemented": "Weekly review of the safeguarding log.",
    "q7_planned": "Training on neglect for all staff.",
    "q8_multi_agency": "A shared route for concerns about children not brought to appointments.",
    "q9_other": "None",
}
# The school's report leaves these out: it comes back with them listed (rule 54).
LEFT_OUT = ("q6_learning", "q8_multi_agency", "q9_other")


def _lead(agency: Agency) -> User | None:
    return User.objects.filter(agency=agency, is_active=True).order_by("pk").first()


def _submit(request: InformationRequest, answers: dict[str, Any], lead: User, today: dt.date) -> InformationRequest:
    request = actions.save_draft(request, answers, None, acting_user=lead)
    return actions.submit_return(
        request,
        records_secured_on=today,
        records_secured_by=f"{lead.full_name}, Designated Safeguarding Lead",
        kept_separate=True,
        acting_user=lead,
    )


def seed(case: Case, manager: User) -> None:
    if case.lcspr_commissioned_date is None:
        return
    lcspr_types = [RequestType.CHRONOLOGY, RequestType.INFORMATION_REPORT, RequestType.LEARNING_TEMPLATE]
    if InformationRequest.objects.filter(case=case, request_type__in=lcspr_types).exists():
        return
    agencies = {a.name: a for a in Agency.objects.filter(partnership=case.lead_partnership, name__in=[SCHOOL, GP])}
    leads = {name: _lead(agency) for name, agency in agencies.items()}
    if len(agencies) < 2 or None in leads.values():
        return
    school, gp = agencies[SCHOOL], agencies[GP]
    school_lead, gp_lead = leads[SCHOOL], leads[GP]
    assert school_lead is not None
    assert gp_lead is not None
    today = timezone.localdate()
    due = today + dt.timedelta(days=DEADLINE_DAYS)
    background = {
        "case_summary": "A fictional child was seriously injured at home. This summary is invented for the demo.",
        "time_period": "From the child's birth to the date of the incident.",
    }

    chronologies = send_lcspr_requests(
        case, REGISTRY[RequestType.CHRONOLOGY], [school, gp], due_date=due, acting_user=manager, **background
    )
    for request in chronologies:
        lead = school_lead if request.agency_id == school.pk else gp_lead
        returned = _submit(request, _chronology(request.agency.name, today), lead, today)
        actions.accept_return(returned, acting_user=manager)  # imported into the integrated chronology

    reports = send_lcspr_requests(
        case, REGISTRY[RequestType.INFORMATION_REPORT], [school, gp], due_date=due, acting_user=manager, **background
    )
    for request in reports:
        is_school = request.agency_id == school.pk
        lead = school_lead if is_school else gp_lead
        answers: dict[str, Any] = {**_author(request.agency.name, today), **REPORT_ANSWERS}
        if is_school:
            for key in LEFT_OUT:
                answers.pop(key)
            interviews.save_interview(
                request,
                staff_role="Class teacher (demo)",
                notice_given_on=today - dt.timedelta(days=10),
                interviewed_on=today - dt.timedelta(days=7),
                summary_given_on=today - dt.timedelta(days=5),
                disagreement="The teacher recalled the second bruise a week later than the log; noted (fictional).",
                record="Demo interview record: kept by the school, never sent with the report.",
                acting_user=lead,
            )
        returned = _submit(request, answers, lead, today)
        if not is_school:
            actions.accept_return(returned, acting_user=manager)

    [template] = send_lcspr_requests(
        case, REGISTRY[RequestType.LEARNING_TEMPLATE], [school], due_date=due, acting_user=manager, **background
    )
    draft = {"author_name": "Demo Author (Demo Primary Academy)", SAVED_SECTIONS: ["author"]}
    if template.topics:
        first = template.topics[0]["slug"]
        draft[f"{first}_analysis"] = "Draft: information about attendance stayed within the school (fictional)."
    actions.save_draft(template, draft, None, acting_user=school_lead)

    asked = disclosure.record_disclosure_request(
        case,
        agency=gp,
        requested_by="police",
        requester_name="DC Demo Officer, Public Protection Unit",
        requester_email="officer@demo.cspr.invalid",
        requested_on=today - dt.timedelta(days=2),
        documents_sought="The surgery's chronology and information report",
        acting_user=manager,
    )
    disclosure.answer_disclosure_request(asked, acting_user=manager)
