"""Dashboard panels: an agency's waiting requests; a coordinator's overdue agency requests."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from cspr.access import in_reach
from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.portal.access import requests_for_agency_user
from cspr.portal.models import OUTSTANDING_STATES, InformationRequest
from cspr.ui.dashboard import Panel


def agency_panel(request: HttpRequest) -> Panel | None:
    user = request.user
    if not isinstance(user, User) or not Role(user.role).answers_agency_requests or user.agency_id is None:
        return None
    waiting = list(requests_for_agency_user(user).filter(state__in=OUTSTANDING_STATES).order_by("due_date")[:20])
    return Panel(
        title="Requests waiting for your agency",
        template="portal/panels/agency.html",
        context={"requests": waiting},
        order=10,
    )


def coordinator_panel(request: HttpRequest) -> Panel | None:
    user = request.user
    if not isinstance(user, User) or not Role(user.role).edits_partnership_cases:
        return None
    overdue = list(
        InformationRequest.objects.filter(
            in_reach(user), state__in=OUTSTANDING_STATES, due_date__lt=timezone.localdate()
        )
        .select_related("case", "agency")
        .order_by("due_date")[:20]
    )
    if not overdue:
        return None
    return Panel(
        title="Overdue agency requests", template="portal/panels/overdue.html", context={"requests": overdue}, order=30
    )
