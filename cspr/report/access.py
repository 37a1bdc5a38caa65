"""Who reads and writes the report's drafts.

Readers: everyone who may read the case, once an LCSPR is commissioned (the partners approve the
report, the scrutineer reads it). Writers (upload a draft, accept a finding, the glossary, the
publishable version, the quality markers): the review team (the lead reviewer and team members:
they write the report) and the lead partnership's business manager (who coordinates it). Other
writers of the case (partner leads, the CSPR group) and read-only roles get 403; outsiders 404.
The actions check the same rule on their own (``require_writer``), whatever the page did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from cspr.access import Access, case_access, get_case_for_user
from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.lcspr.team import on_review_team

if TYPE_CHECKING:
    from cspr.accounts.models import User

NOT_A_WRITER = "Only the review team and the partnership's business manager change the report's drafts."


def can_write_report(user: User, case: Case) -> bool:
    if not user.is_authenticated or case_access(user, case) < Access.WRITE:
        return False
    if user.role == Role.BUSINESS_MANAGER and user.partnership_id == case.lead_partnership_id:
        return True
    return on_review_team(user, case)


def require_writer(user: User, case: Case) -> None:
    if not can_write_report(user, case):
        raise PermissionDenied(NOT_A_WRITER)


def get_report_case(user: User, reference: str, *, write: bool = False) -> Case:
    """The case (404 outside reach or before an LCSPR exists; 403 for a write by anyone but a writer)."""
    case = get_case_for_user(user, reference, write=write)
    if case.lcspr_commissioned_date is None:
        raise Http404("No LCSPR on this case.")
    if write:
        require_writer(user, case)
    return case
