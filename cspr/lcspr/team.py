"""Who is on a case's review (the lead reviewer, review team members, experts).

Other apps ask here, never the models: the family engagement log, practitioners' worksheets and
agency returns are for the review team only, so "on the review team" must mean one thing.

The answer comes from ``CaseMembership`` rows, which the LCSPR's appointment actions keep in step
with the active appointments (``cspr.lcspr.actions``: appointing or accepting an invitation creates
the row, ending the appointment deletes it), so reach (``cspr.access``) and membership of the team
are the same fact.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cspr.cases.models import Case, CaseMembership, MembershipRole

if TYPE_CHECKING:
    from cspr.accounts.models import User

TEAM_ROLES = frozenset({MembershipRole.LEAD_REVIEWER, MembershipRole.REVIEW_TEAM_MEMBER})


def on_review_team(user: User, case: Case) -> bool:
    """True while the user holds an appointment to this case's review team (lead reviewer included)."""
    if not user.is_authenticated:
        return False
    return CaseMembership.objects.filter(case=case, user=user, role__in=TEAM_ROLES).exists()


def is_lead_reviewer(user: User, case: Case) -> bool:
    if not user.is_authenticated:
        return False
    return CaseMembership.objects.filter(case=case, user=user, role=MembershipRole.LEAD_REVIEWER).exists()


def review_team_user_ids(case: Case) -> set[int]:
    return set(CaseMembership.objects.filter(case=case, role__in=TEAM_ROLES).values_list("user_id", flat=True))
