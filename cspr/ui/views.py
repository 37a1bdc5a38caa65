from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.safestring import mark_safe

from cspr.access import cases_for_user, one_reach_per_page
from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.changes import fragments
from cspr.ui import dashboard as dashboard_panels


def _panels(request: HttpRequest) -> str:
    panels = dashboard_panels.panels_for(request)
    return loader.render_to_string("ui/_panels.html", {"panels": panels}, request=request)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    role = Role(user.role)
    with one_reach_per_page():
        # Partnership staff and reviewers see their cases' panels: stored under those cases' stamps.
        # An agency's or a practitioner's panels reach cases another way: built every time.
        if (role.sees_all_partnership_cases or role.works_through_case_membership) and not (
            role.answers_agency_requests or role.completes_worksheets
        ):
            panels_html = fragments.cached(
                "dashboard",
                lambda: (fragments.case_stamps(cases_for_user(user)), fragments.reference_stamp()),
                request,
                lambda: _panels(request),
            )
        else:
            panels_html = mark_safe(_panels(request))  # noqa: S308 - our own templates, which escape
    return render(request, "ui/dashboard.html", {"role": role, "panels_html": panels_html})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "ui/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "ui/privacy.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/csrf.html", status=403)


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def handler403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def handler500(request: HttpRequest) -> HttpResponse:
    """Rendered without the request: no context processors, so no user, session, partnership or
    messages are read. The database may be what failed (``tests/ui/test_500_without_database.py``).
    No request data, no exception text: an error page must never echo case data."""
    return HttpResponse(loader.render_to_string("errors/500.html"), status=500)


def handler400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)
