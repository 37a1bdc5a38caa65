"""Who reads and writes the family log (rule 51, issue 12): the review team and the named coordinators only.

The family log (invitations, contacts, views expressed, support, what was shared) holds what family
members said in confidence to the review. It is open to:
- the review team (``cspr.lcspr.team.on_review_team``: the lead reviewer and review team members);
- a user named as coordinator for at least one person of the case's network.

Nobody else, whatever their role: not the business manager, not the partner leads, not the
scrutineer or auditor, not a collaborating partnership. They get **404**, as outsiders do: the log's
pages do not exist for them and no link to them is offered (the LCSPR task list shows them counts
only). 404 rather than 403 because there is no read-only view of the log to offer: a 403 would only
confirm what a page holds to someone who may never see it.

The check is made before ``get_case_for_user``, so a refused request leaves no access row claiming a
read; an allowed one is then fetched through it, which checks the case reach again and writes the
access row. Writes need the same family access plus write access to the case (a coordinator whose
role is read-only may read the log but not change it: 403).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from cspr.access import Access, case_access, get_case_for_user
from cspr.cases.models import Case
from cspr.family.models import Invitation
from cspr.lcspr.team import on_review_team

if TYPE_CHECKING:
    from cspr.accounts.models import User


def is_coordinator(user: User, case: Case) -> bool:
    if not user.is_authenticated:
        return False
    return Invitation.objects.filter(case=case, coordinator=user).exists()


def can_read_family_log(user: User, case: Case) -> bool:
    """The review team and the named coordinators, and only while the case is within their reach."""
    if case.lcspr_commissioned_date is None:
        return False
    if not (on_review_team(user, case) or is_coordinator(user, case)):
        return False
    return case_access(user, case) is not Access.NONE


def can_write_family_log(user: User, case: Case) -> bool:
    return can_read_family_log(user, case) and case_access(user, case) >= Access.WRITE


def get_family_case(user: User, reference: str, *, write: bool = False) -> Case:
    """The case whose family log the user may read (404 otherwise); ``write``: 403 for a read-only role."""
    case = Case.objects.select_related("lead_partnership").filter(reference=reference).first()
    if case is None or not can_read_family_log(user, case):
        raise Http404("No such page.")
    case = get_case_for_user(user, reference)  # the reach again, and the access row
    if write and case_access(user, case) < Access.WRITE:
        raise PermissionDenied("You have read-only access to this case.")
    return case
