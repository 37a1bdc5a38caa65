"""The access helpers: the one place that decides who may see or change what.

Every view fetches case data through these functions. They return the object or raise:
- ``Http404`` for anyone outside the object's reach, whether it exists or not (no oracle);
- ``PermissionDenied`` (403) for a user who may read it but asked to change it.

Reach:
- partnership roles that read cases reach their partnership's cases and cases it collaborates on;
- lead reviewers and review team members reach only the cases they are members of;
- agency users reach no case page at all: the portal has its own helpers
  (``cspr.portal.access``) built on ``agency_scope``;
- workshop practitioners reach no case page either: only their own worksheets and their
  workshop's briefing (``cspr.workshops.access``);
- partnership administrators and system administrators manage people and settings, not cases.

Reads are logged here, not in views: every case handed out writes its access row (once per case
per request, naming the page), so a new page cannot forget to.

Collaborating partnerships (C12): a collaborator's writers get ``Access.CONTRIBUTE``, not ``WRITE``.
They read everything and add their own agencies' involvement and their own attendees (pages that
accept contributions ask ``get_case_for_user(..., contribute=True)``); every other change, and the
decision, ratification and submission above all, belongs to the lead partnership (403).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from cspr.accounts.roles import Role
from cspr.audit.log import log_case_read
from cspr.cases.models import Case, CaseCollaborator, CaseMembership, MembershipRole

if TYPE_CHECKING:
    from cspr.accounts.models import User
    from cspr.organisations.models import Partnership


class Access(enum.IntEnum):
    NONE = 0
    READ = 1
    CONTRIBUTE = 2  # a collaborating partnership's writers: their own agencies and attendees only
    WRITE = 3


def _role(user: User) -> Role | None:
    if not user.is_authenticated or not user.is_active:
        return None
    return Role(user.role)


# The collaborating cases of each partnership, read once within ``one_reach_per_page`` (None outside).
_reach: ContextVar[dict[int, list[int]] | None] = ContextVar("cspr_reach", default=None)


@contextmanager
def one_reach_per_page() -> Iterator[None]:
    """For a page that asks for the user's cases several times (the dashboard's panels each do):
    the partnership's collaborating cases are read once. Not wider than a page, so a collaboration
    added by an action is seen by the next page."""
    token = _reach.set({})
    try:
        yield
    finally:
        _reach.reset(token)


def _collaborating(partnership_id: int) -> list[int]:
    memo = _reach.get()
    if memo is not None and partnership_id in memo:
        return memo[partnership_id]
    ids = list(CaseCollaborator.objects.filter(partnership_id=partnership_id).values_list("case_id", flat=True))
    if memo is not None:
        memo[partnership_id] = ids
    return ids


def cases_for_user(user: User) -> QuerySet[Case]:
    """Every case the user can at least read."""
    role = _role(user)
    if role is None:
        return Case.objects.none()
    if role.sees_all_partnership_cases and user.partnership_id is not None:
        # Own cases OR the few the partnership collaborates on, by id: two index scans (BitmapOr on
        # PostgreSQL). A join with OR scanned the national table and DISTINCT sorted every column;
        # a subquery or a UNION of ids still led the planner to a sequential scan of cases.
        collaborating = _collaborating(user.partnership_id)
        return Case.objects.filter(Q(lead_partnership_id=user.partnership_id) | Q(pk__in=collaborating))
    if role.works_through_case_membership:
        return Case.objects.filter(
            pk__in=list(CaseMembership.objects.filter(user=user).values_list("case_id", flat=True))
        )
    return Case.objects.none()


def in_reach(user: User, via: str = "case") -> Q:
    """A filter for rows that belong to one of the user's cases through the foreign key ``via``:
    the same reach as ``cases_for_user``, on the case's columns. ``case__in=cases_for_user(user)``
    made PostgreSQL hash-join a sequential scan of the national cases table (11 ms of the
    dashboard's 25 queries at 20,000 cases); this walks the partnership's index instead."""
    role = _role(user)
    if role is None:
        return Q(pk__in=[])
    if role.sees_all_partnership_cases and user.partnership_id is not None:
        return Q(**{f"{via}__lead_partnership_id": user.partnership_id}) | Q(
            **{f"{via}_id__in": _collaborating(user.partnership_id)}
        )
    if role.works_through_case_membership:
        return Q(**{f"{via}_id__in": list(CaseMembership.objects.filter(user=user).values_list("case_id", flat=True))})
    return Q(pk__in=[])


def case_access(user: User, case: Case) -> Access:
    role = _role(user)
    if role is None:
        return Access.NONE
    if role.sees_all_partnership_cases and user.partnership_id is not None:
        in_reach = (
            case.lead_partnership_id == user.partnership_id
            or case.collaborators.filter(partnership_id=user.partnership_id).exists()
        )
        if not in_reach:
            return Access.NONE
        if not role.edits_partnership_cases:
            return Access.READ
        return Access.WRITE if case.lead_partnership_id == user.partnership_id else Access.CONTRIBUTE
    if role.works_through_case_membership:
        membership = CaseMembership.objects.filter(case=case, user=user).first()
        if membership is None:
            return Access.NONE
        return (
            Access.WRITE
            if membership.role in {MembershipRole.LEAD_REVIEWER, MembershipRole.REVIEW_TEAM_MEMBER}
            else Access.READ
        )
    return Access.NONE


def get_case_for_user(
    user: User,
    reference: str,
    *,
    write: bool = False,
    contribute: bool = False,
    related: tuple[str, ...] = (),
) -> Case:
    """The case with this reference if the user may reach it; 404 otherwise, 403 for read-only writes.

    ``contribute=True``: a change a collaborating partnership may also make (its own agencies, its own
    attendees); ``write=True`` alone is the lead partnership's (and case members'). ``related``: one-to-one
    rows the page reads anyway (``"referral"``), joined into the same query instead of one query each."""
    case = Case.objects.select_related("lead_partnership", *related).filter(reference=reference).first()
    if case is None:
        raise Http404("No such case.")
    access = case_access(user, case)
    if access is Access.NONE:
        raise Http404("No such case.")
    needed = Access.CONTRIBUTE if contribute else Access.WRITE
    if (write or contribute) and access < needed:
        raise PermissionDenied("You have read-only access to this case.")
    log_case_read(actor=user, case=case)
    return case


def require_lead_partnership(user: User, case: Case) -> None:
    """For actions: the decision, ratification and submission belong to the lead partnership (C12)."""
    if case_access(user, case) < Access.WRITE:
        raise PermissionDenied("Only the lead partnership can do this.")


def require_capability(user: User, allowed: bool) -> None:
    """For pages that are not about one case: 404 when the user's role has no business there."""
    if _role(user) is None or not allowed:
        raise Http404("Page not found.")


def managed_partnership(user: User) -> Partnership:
    """The partnership a partnership administrator or business manager configures."""
    role = _role(user)
    if role is None or not role.manages_partnership or user.partnership is None:
        raise Http404("Page not found.")
    return user.partnership


def agency_scope(user: User) -> int:
    """The agency an external user acts for; 404 for anyone else."""
    role = _role(user)
    if role is None or not role.answers_agency_requests or user.agency_id is None:
        raise Http404("Page not found.")
    return user.agency_id
