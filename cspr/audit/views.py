from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cspr.access import get_case_for_user, managed_partnership, require_capability
from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.audit.english import describe
from cspr.audit.models import AuditEvent


@login_required
def case_trail(request: HttpRequest, reference: str) -> HttpResponse:
    """Whoever may read a case may read what was done to it and who read it (itself a logged read)."""
    user = request.user
    assert isinstance(user, User)
    case = get_case_for_user(user, reference)
    events = AuditEvent.objects.filter(case_id=case.pk).order_by("-id")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    rows = [(e, describe(e)) for e in page]
    return render(request, "audit/trail.html", {"case": case, "page": page, "rows": rows})


@login_required
def partnership_trail(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    require_capability(user, Role(user.role).reads_audit_trail)
    partnership_id = user.partnership_id
    if partnership_id is None:
        partnership_id = managed_partnership(user).pk
    events = AuditEvent.objects.filter(partnership_id=partnership_id, kind="action").order_by("-id")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    rows = [(e, describe(e)) for e in page]
    return render(request, "audit/trail.html", {"case": None, "page": page, "rows": rows})
