from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader

from cspr.access import one_reach_per_page
from cspr.accounts.roles import Role
from cspr.ui import dashboard as dashboard_panels


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    role = Role(request.user.role)  # type: ignore[union-attr]
    with one_reach_per_page():
        panels = dashboard_panels.panels_for(request)
    return render(request, "ui/dashboard.html", {"role": role, "panels": panels})


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
