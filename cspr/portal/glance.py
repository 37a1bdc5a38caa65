"""Where each agency's request stands, at a glance: for the case page and the requests page."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils import timezone

from cspr.access import Access, case_access
from cspr.accounts.models import User
from cspr.cases.models import Case
from cspr.cases.sections import CaseSection
from cspr.portal.models import InformationRequest, RequestState

_TAGS = {
    RequestState.DRAFT: ("Not sent", "govuk-tag--grey"),
    RequestState.SENT: ("Sent", "govuk-tag--blue"),
    RequestState.OPENED: ("Opened", "govuk-tag--light-blue"),
    RequestState.NO_INVOLVEMENT: ("Nil return", "govuk-tag--purple"),
    RequestState.SUBMITTED: ("Returned", "govuk-tag--green"),
    RequestState.REVISION_REQUESTED: ("Revision requested", "govuk-tag--yellow"),
    RequestState.RESUBMITTED: ("Returned again", "govuk-tag--green"),
    RequestState.ACCEPTED: ("Accepted", "govuk-tag--turquoise"),
}


@dataclass
class Glance:
    request: InformationRequest
    tag: str
    tag_class: str
    overdue: bool
    records_secured: bool
    escalation: str


def glance_rows(case: Case) -> list[Glance]:
    today = timezone.localdate()
    rows = []
    found = (
        InformationRequest.objects.filter(case=case)
        .select_related("agency")
        .prefetch_related("escalations")
        .order_by("request_type", "agency__name")
    )
    for request in found:
        text, css = _TAGS[RequestState(request.state)]
        overdue = request.is_overdue(today)
        if overdue:
            text, css = "Overdue", "govuk-tag--red"
        steps = list(request.escalations.all())
        rows.append(
            Glance(
                request=request,
                tag=text,
                tag_class=css,
                overdue=overdue,
                records_secured=request.records_secured_on is not None,
                escalation=steps[-1].get_step_display() if steps else "",
            )
        )
    return rows


def case_section(request: HttpRequest, case: Case) -> CaseSection | None:
    user = request.user
    if not isinstance(user, User) or case_access(user, case) is Access.NONE:
        return None
    rows = glance_rows(case)
    return CaseSection(
        title="Agency information requests",
        template="portal/case/_section.html",
        context={"case": case, "rows": rows, "can_write": case_access(user, case) is Access.WRITE},
        order=40,
    )
