"""The LCSPRs of the demo world (runs after ``rapidreview`` has commissioned them). Idempotent.

- DEMO-6 (just commissioned): terms of reference version 1 in draft, filled in from the Rapid Review.
- DEMO-8 and DEMO-9 (report stage; published): version 1 agreed three weeks after commissioning.
- DEMO-7 (about four months in): version 1 agreed three weeks after commissioning, then a significant
  change (a new line of enquiry) re-approved as version 2; headline stage LCSPR.

Both have the demo lead reviewer (``reviewer@``, whose name went to the Panel, Ofsted and DfE), the
demo review team member (``team@``, an expert) and one member for each safeguarding partner (the
demo partner leads; the police lead with the liaison duties). Rows are written directly, as every
app's demo does (loaded, not worked); the memberships that give reviewers reach are kept in step.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cspr.accounts.demo import demo_email
from cspr.accounts.models import User
from cspr.cases.demo import set_dates
from cspr.cases.models import Case, CaseMembership, MembershipRole
from cspr.lcspr import terms
from cspr.lcspr.models import (
    Appointment,
    AppointmentRole,
    Chronologies,
    Conflict,
    InformationMethod,
    LiaisonDuty,
    TermsStatus,
    TermsVersion,
    WorkshopMethod,
)
from cspr.organisations.models import PartnerKind

# (email local part, role, partner represented, organisation, expertise, liaison duties)
TEAM = [
    ("reviewer", AppointmentRole.LEAD_REVIEWER, "", "Demo Independent Reviewing (fictional)", "", []),
    ("team", AppointmentRole.EXPERT, "", "Demo Independent Safeguarding Consultancy", "Neglect and domestic abuse", []),
    ("la.lead", AppointmentRole.TEAM_MEMBER, PartnerKind.LOCAL_AUTHORITY, "Demo Borough Council", "", []),
    ("icb.lead", AppointmentRole.TEAM_MEMBER, PartnerKind.ICB, "Demo Integrated Care Board", "", []),
    (
        "police.lead",
        AppointmentRole.TEAM_MEMBER,
        PartnerKind.POLICE,
        "Demo Police",
        "",
        [LiaisonDuty.SIO, LiaisonDuty.CPS, LiaisonDuty.FAMILY],
    ),
]


def _completed(case: Case, number: int) -> dict[str, object]:
    start = case.lcspr_commissioned_date or timezone.localdate()
    base = terms.prefill(case)
    kloes = str(base.get("kloes") or "How well did agencies share information?")
    if number == 2:
        kloes += "\nHow did housing services respond to the family's moves? (added in version 2)"
    return base | {
        "time_period": base.get("time_period") or "From the child's birth to the incident",
        "time_period_rationale": "The family first came to agencies' attention at the child's birth (fictional).",
        "kloes": kloes,
        "chronologies": Chronologies.YES,
        "chronologies_detail": "From children's social care, the GP, the school and the police.",
        "information_method": InformationMethod.INFORMATION_REPORT,
        "information_detail": "From the health visiting service and the housing provider.",
        "workshop_method": WorkshopMethod.WORKSHOP,
        "workshop_detail": "One reflective learning workshop for the practitioners involved.",
        "family_involvement": "The mother and the grandmother will be invited to meet the lead reviewer, with an "
        "interpreter if they wish. Contact waits for the police's agreement (criminal investigation).",
        "family_contact_responsible": "Demo Lead Reviewer, with the police family liaison officer",
        "parallel_investigations": "A criminal investigation by Demo Police (fictional).",
        "legal_advice": "Legal advice on disclosure to be sought from the local authority's legal service.",
        "other_considerations": "The family's first language is not English; the review will consider culture, "
        "religion and how they intersect with the family's experience of services (fictional).",
        "learning_to_partners_date": start + dt.timedelta(days=170),
        "milestones": [
            {
                "milestone": "Chronologies and information reports due",
                "date": (start + dt.timedelta(days=42)).isoformat(),
            },
            {"milestone": "Reflective learning workshop", "date": (start + dt.timedelta(days=90)).isoformat()},
            {"milestone": "Draft report to the CSPR group", "date": (start + dt.timedelta(days=140)).isoformat()},
        ],
    }


def _appoint(case: Case) -> None:
    started = case.lcspr_commissioned_date or timezone.localdate()
    for local, role, represents, organisation, expertise, duties in TEAM:
        user = User.objects.filter(email=demo_email(local)).first()
        if user is None:
            continue
        appointment, _created = Appointment.objects.get_or_create(
            case=case,
            email=user.email,
            defaults={
                "user": user,
                "name": user.full_name,
                "job_title": user.job_title,
                "organisation": organisation,
                "role": role,
                "represents": represents,
                "expertise": expertise,
                "liaison_duties": list(duties),
                "conflict": Conflict.NONE,
                "confidentiality_signed_on": started,
                "started": started,
                "panel_notified_on": started if role == AppointmentRole.LEAD_REVIEWER else None,
            },
        )
        membership = (
            MembershipRole.LEAD_REVIEWER if role == AppointmentRole.LEAD_REVIEWER else MembershipRole.REVIEW_TEAM_MEMBER
        )
        if appointment.ended is None:
            CaseMembership.objects.get_or_create(case=case, user=user, defaults={"role": membership})


def _agreed_once(case: Case) -> None:
    """DEMO-8 and DEMO-9: terms of reference version 1 agreed three weeks after commissioning (the
    report and publication apps carry them on from there)."""
    start = case.lcspr_commissioned_date
    assert start is not None
    agreed_on = min(start + dt.timedelta(days=21), timezone.localdate())
    TermsVersion.objects.get_or_create(
        case=case,
        number=1,
        defaults=_completed(case, 1)
        | {
            "status": TermsStatus.AGREED,
            "agreed_on": agreed_on,
            "agreed_by": f"CSPR group meeting of {agreed_on:%-d %B %Y}: Demo CSPR Group Member (chair), "
            "Demo Local Authority Lead, Demo ICB Lead, Demo Police Lead",
            "team_at_agreement": _team_rows(case),
        },
    )
    if case.terms_of_reference_agreed_date is None:
        set_dates(case, terms_of_reference_agreed_date=agreed_on)


def _team_rows(case: Case) -> list[dict[str, str]]:
    return [terms.team_row(a) for a in terms.active_team(case)]


def seed() -> None:
    refs = ["DEMO-6", "DEMO-7", "DEMO-8", "DEMO-9"]
    cases = {c.reference: c for c in Case.objects.filter(reference__in=refs)}
    if len(cases) < len(refs) or any(c.lcspr_commissioned_date is None for c in cases.values()):
        return
    demo6, demo7 = cases["DEMO-6"], cases["DEMO-7"]
    for case in cases.values():
        _appoint(case)
    for later in (cases["DEMO-8"], cases["DEMO-9"]):
        _agreed_once(later)
    TermsVersion.objects.get_or_create(case=demo6, number=1, defaults=terms.prefill(demo6))
    start = demo7.lcspr_commissioned_date
    assert start is not None
    first_agreed, second_agreed = start + dt.timedelta(days=21), start + dt.timedelta(days=63)
    for number, agreed_on, reason in (
        (1, first_agreed, ""),
        (2, second_agreed, "Housing moves emerged from the chronologies: a new line of enquiry (fictional)."),
    ):
        TermsVersion.objects.get_or_create(
            case=demo7,
            number=number,
            defaults=_completed(demo7, number)
            | {
                "status": TermsStatus.AGREED,
                "change_reason": reason,
                "agreed_on": min(agreed_on, timezone.localdate()),
                "agreed_by": f"CSPR group meeting of {agreed_on:%-d %B %Y}: Demo CSPR Group Member (chair), "
                "Demo Local Authority Lead, Demo ICB Lead, Demo Police Lead",
                "team_at_agreement": _team_rows(demo7),
            },
        )
    if demo7.terms_of_reference_agreed_date is None:
        set_dates(demo7, terms_of_reference_agreed_date=min(first_agreed, timezone.localdate()))
