"""The case page sections about the record itself: the people, the referral, agencies, parallel
processes and anchor dates. Registered from ``CasesConfig.ready``."""

from __future__ import annotations

from django.http import HttpRequest

from cspr.access import Access, case_access
from cspr.accounts.models import User
from cspr.cases import milestones
from cspr.cases.models import Case, PersonRole, Referral
from cspr.cases.sections import CaseSection


def _can_write(request: HttpRequest, case: Case) -> bool:
    return isinstance(request.user, User) and case_access(request.user, case) >= Access.WRITE


def people_section(request: HttpRequest, case: Case) -> CaseSection:
    people = list(case.people.all())  # prefetched by the case page (the chronology section counts them)
    return CaseSection(
        title="The child and family",
        template="cases/sections/people.html",
        context={
            "case": case,
            "children": [p for p in people if p.role == PersonRole.SUBJECT_CHILD],
            "others": [p for p in people if p.role != PersonRole.SUBJECT_CHILD],
            "relationships": list(case.relationships.select_related("from_person", "to_person")),
            "households": list(case.households.prefetch_related("members")),
            "can_write": _can_write(request, case),
        },
        order=20,
    )


def _referral(case: Case) -> Referral | None:
    # The case page joins the referral into the case's own query (``related``): no query here.
    try:
        return case.referral
    except Referral.DoesNotExist:
        return None


def record_section(request: HttpRequest, case: Case) -> CaseSection:
    return CaseSection(
        title="Referral, agencies and parallel processes",
        template="cases/sections/record.html",
        context={
            "case": case,
            "referral": _referral(case),
            "events": list(case.referral_events.all()),
            "involvements": list(case.agencies_involved.select_related("agency")),
            # The model's order without its leading "case" (one case here): no join to the cases table.
            "processes": list(case.parallel_processes.order_by("kind", "id")),
            "collaborators": list(case.collaborators.select_related("partnership")),
            "linked": list(case.linked_cases.all()),
            "dates": [(label, getattr(case, name)) for name, label in milestones.RECORD_FIELDS],
            "notification": case.notification_decision,
            "can_write": _can_write(request, case),
            # C12: a collaborating partnership adds its own agencies.
            "can_contribute": isinstance(request.user, User) and case_access(request.user, case) >= Access.CONTRIBUTE,
        },
        order=30,
    )
