"""The LCSPR page: the review's own task list, from commissioning to the practitioners' feedback."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from cspr.access import get_case_for_user
from cspr.accounts.models import User
from cspr.cases.models import Case
from cspr.cases.sections import CaseSection
from cspr.lcspr import tasklist
from cspr.ui.render import page


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def is_lcspr(case: Case) -> bool:
    """An LCSPR exists once the ratified decision commissions one (decision b, or d with b)."""
    return case.lcspr_commissioned_date is not None


def case_section(request: HttpRequest, case: Case) -> CaseSection | None:
    if not is_lcspr(case):
        return None
    return CaseSection(
        title="Local Child Safeguarding Practice Review",
        template="lcspr/case_section.html",
        context={"reference": case.reference, "commissioned": case.lcspr_commissioned_date},
        order=20,
    )


@login_required
def overview(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_case_for_user(_user(request), reference)
    if not is_lcspr(case):
        raise Http404("This case has no LCSPR.")
    return page(request, "lcspr/overview.html", {"case": case, "sections": tasklist.sections_for(request, case)})
