"""Who reaches what in the workshops app, on top of ``cspr.access`` and the portal's helpers.

- Themes, nominations and workshops: through the case (``get_case_for_user``: 404 outsiders, 403
  read-only writes), on an LCSPR only.
- Worksheets and the practitioners' comments on the draft findings are "private to you and the
  Panel" (Document 18a): the case's review team reads them (``team_case``), without names; nobody
  else, whatever their role, has the page (404, the business manager included).
- A practitioner reaches only their own participation (``own_participant``) and their own workshop's
  briefing (``own_workshop``): 404 for any other id, and for every other role.
- An agency user nominates practitioners for a case on which their agency has a request
  (``agency_case``, built on the portal's ``requests_for_agency_user`` / ``agency_scope``).
Reads are logged as the other helpers log them: one access row per case per request.
"""

from __future__ import annotations

from django.http import Http404

from cspr.access import get_case_for_user
from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.audit.log import log_case_read
from cspr.cases.models import Case
from cspr.lcspr.team import on_review_team
from cspr.portal.access import requests_for_agency_user
from cspr.workshops.models import Participant, Workshop


def _lcspr(case: Case) -> Case:
    if case.lcspr_commissioned_date is None:
        raise Http404("This case has no LCSPR.")
    return case


def lcspr_case(user: User, reference: str, *, write: bool = False) -> Case:
    return _lcspr(get_case_for_user(user, reference, write=write))


def team_case(user: User, reference: str) -> Case:
    """The case, for its review team only; 404 for everyone else (no read is logged for them)."""
    case = Case.objects.filter(reference=reference).first()
    if case is None or not on_review_team(user, case):
        raise Http404("No such case.")
    return lcspr_case(user, reference)


def _practitioner(user: User) -> User:
    if not user.is_authenticated or not user.is_active or not Role(user.role).completes_worksheets:
        raise Http404("Page not found.")
    return user


def my_participation(user: User) -> Participant | None:
    """The practitioner's one participation (None for a practitioner not yet linked); 404 for others."""
    _practitioner(user)
    return (
        Participant.objects.select_related("workshop__case__lead_partnership", "nomination").filter(user=user).first()
    )


def own_participant(user: User, participant_id: int) -> Participant:
    _practitioner(user)
    participant = (
        Participant.objects.select_related("workshop__case__lead_partnership")
        .filter(pk=participant_id, user=user)
        .first()
    )
    if participant is None:
        raise Http404("Page not found.")
    # No object on the row: the case trail is open to its readers, and a participant's id would tie
    # the practitioner's name (the actor) to the pseudonym the team reads.
    log_case_read(actor=user, case=participant.workshop.case)
    return participant


def own_workshop(user: User, workshop_id: int) -> Workshop:
    _practitioner(user)
    workshop = (
        Workshop.objects.select_related("case__lead_partnership")
        .filter(pk=workshop_id, participants__user=user)
        .first()
    )
    if workshop is None:
        raise Http404("Page not found.")
    log_case_read(actor=user, case=workshop.case, obj=workshop)
    return workshop


def agency_case(user: User, reference: str) -> Case:
    """A case on which the agency user's own agency has a (sent) request; 404 otherwise."""
    request = requests_for_agency_user(user).filter(case__reference=reference).first()
    if request is None:
        raise Http404("No such case.")
    case = _lcspr(request.case)
    log_case_read(actor=user, case=case, obj=request)
    return case
