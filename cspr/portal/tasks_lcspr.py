"""The "Information from agencies" section of the LCSPR page's task list: per kind of request
(chronologies, information reports, learning templates) how many went out, how many wait for the
review team, how many came back incomplete (rule 54) and whether any are overdue.

Two queries whatever the number of requests (the LCSPR page's query-count rule)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from cspr.cases.models import Case
from cspr.lcspr.tasklist import Task, TaskSection
from cspr.portal.lcspr_requests import lcspr_kinds
from cspr.portal.models import OUTSTANDING_STATES, InformationRequest, RequestEvent, RequestState
from cspr.ui.wording import plural

WAITING_FOR_REVIEW = (RequestState.SUBMITTED, RequestState.RESUBMITTED, RequestState.NO_INVOLVEMENT)
DONE = (RequestState.ACCEPTED,)


def information_from_agencies(request: HttpRequest, case: Case) -> TaskSection | None:
    if case.lcspr_commissioned_date is None:
        return None
    kinds = lcspr_kinds()
    today = timezone.localdate()
    counts = {
        row["request_type"]: row
        for row in InformationRequest.objects.filter(case=case, request_type__in=[k.key for k in kinds])
        .exclude(state=RequestState.DRAFT)
        .values("request_type")
        .annotate(
            sent=Count("id"),
            waiting=Count("id", filter=Q(state__in=WAITING_FOR_REVIEW)),
            done=Count("id", filter=Q(state__in=DONE)),
            overdue=Count("id", filter=Q(state__in=OUTSTANDING_STATES, due_date__lt=today)),
        )
    }
    incomplete: dict[str, int] = {}
    for event in (
        RequestEvent.objects.filter(
            request__case=case, transition="return_incomplete", request__state=RequestState.REVISION_REQUESTED
        )
        .values("request__request_type")
        .annotate(n=Count("request_id", distinct=True))
    ):
        incomplete[event["request__request_type"]] = event["n"]
    href = reverse("portal:case_requests", args=[case.reference])
    tasks = []
    for kind in kinds:
        row = counts.get(kind.key)
        if row is None:
            tasks.append(Task(kind.title_plural or kind.title, href, "Not started", "No requests sent yet"))
            continue
        parts = [f"{plural(row['sent'], 'request')} sent", f"{row['waiting']} waiting for review"]
        if incomplete.get(kind.key):
            parts.append(f"{incomplete[kind.key]} returned incomplete")
        if row["overdue"]:
            parts.append(f"{row['overdue']} overdue")
        status = "Overdue" if row["overdue"] else "Completed" if row["done"] == row["sent"] else "In progress"
        tasks.append(Task(kind.title_plural or kind.title, href, status, ", ".join(parts)))
    return TaskSection("Information from agencies", tasks, order=40)
