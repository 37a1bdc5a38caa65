from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cspr.access import cases_for_user, get_case_for_user, require_capability
from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.audit import log as audit
from cspr.cases import sections


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    role = Role(user.role)
    require_capability(user, role.sees_all_partnership_cases or role.works_through_case_membership)
    cases = cases_for_user(user).select_related("lead_partnership").order_by("-created_at")
    return render(request, "cases/list.html", {"cases": cases})


@login_required
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, reference)
    audit.log_access(actor=user, what="case", case=case)
    return render(
        request,
        "cases/detail.html",
        {"case": case, "sections": sections.sections_for(request, case)},
    )
