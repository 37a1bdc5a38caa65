"""Where each agency's request stands, at a glance: for the case page and the requests page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.utils import timezone

from cspr.access import Access, case_access
from cspr.accounts.models import User
from cspr.cases.models import Case
from cspr.cases.sections import CaseSection
from cspr.portal.kinds.registry import asks_records_secured
from cspr.portal.models import Escalation, EscalationStep, InformationRequest, RequestState, RequestType

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
    records_asked: bool  # rule 24 is not asked of every kind (an action plan's progress update)
    escalation: str
    after_meeting: bool  # rules.md C5: the return is due after the Rapid Review meeting


def glance_rows(case: Case) -> list[Glance]:
    today = timezone.localdate()
    rows = []
    # The latest escalation step in the same query (a subquery per request row, on the escalation's
    # request index), not a second query for every escalation of the case.
    latest_step = Escalation.objects.filter(request=OuterRef("pk")).order_by("-escalated_on", "-id").values("step")
    found = (
        InformationRequest.objects.filter(case=case)
        .select_related("agency")
        .annotate(latest_escalation=Subquery(latest_step[:1]))
        .order_by("request_type", "agency__name")
    )
    for request in found:
        text, css = _TAGS[RequestState(request.state)]
        overdue = request.is_overdue(today)
        if overdue:
            text, css = "Overdue", "govuk-tag--red"
        rows.append(
            Glance(
                request=request,
                tag=text,
                tag_class=css,
                overdue=overdue,
                records_secured=request.records_secured_on is not None,
                records_asked=asks_records_secured(request),
                escalation=EscalationStep(step).label if (step := request.latest_escalation) else "",
                after_meeting=bool(
                    # C5 is about scoping returns; the LCSPR's requests come long after the meeting.
                    request.request_type == RequestType.SCOPING
                    and case.meeting_date
                    and request.due_date
                    and request.outstanding
                    and request.due_date > case.meeting_date
                ),
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


@dataclass(frozen=True)
class ScopingSummary:
    """Counts for a case's task list and the meeting: who has answered the scoping request."""

    sent: int
    returned: int
    nil_returns: int
    outstanding: int
    overdue: int
    records_secured: int
    latest_due: object  # datetime.date | None

    @property
    def all_in(self) -> bool:
        return self.sent > 0 and self.outstanding == 0


def scoping_summary(case: Case) -> ScopingSummary:
    from cspr.portal.models import RequestType

    requests = [
        r
        for r in InformationRequest.objects.filter(case=case, request_type=RequestType.SCOPING)
        if r.state != RequestState.DRAFT
    ]
    today = timezone.localdate()
    dues = [r.due_date for r in requests if r.due_date]
    return ScopingSummary(
        sent=len(requests),
        returned=sum(1 for r in requests if r.returned and r.state != RequestState.NO_INVOLVEMENT),
        nil_returns=sum(1 for r in requests if r.state == RequestState.NO_INVOLVEMENT),
        outstanding=sum(1 for r in requests if r.outstanding),
        overdue=sum(1 for r in requests if r.is_overdue(today)),
        records_secured=sum(1 for r in requests if r.records_secured_on is not None),
        latest_due=max(dues) if dues else None,
    )
