"""The one table of a request's life: transition name -> (allowed source states, target state)."""

from __future__ import annotations

from cspr.portal.models import RequestState as S


class TransitionRefused(Exception):
    """The request is not in a state this step can start from."""


TRANSITIONS: dict[str, tuple[frozenset[S], S]] = {
    "send": (frozenset({S.DRAFT}), S.SENT),
    "open": (frozenset({S.SENT}), S.OPENED),
    "confirm_no_involvement": (frozenset({S.SENT, S.OPENED, S.REVISION_REQUESTED}), S.NO_INVOLVEMENT),
    "submit": (frozenset({S.SENT, S.OPENED}), S.SUBMITTED),
    "request_revision": (frozenset({S.SUBMITTED, S.RESUBMITTED, S.NO_INVOLVEMENT}), S.REVISION_REQUESTED),
    "resubmit": (frozenset({S.REVISION_REQUESTED}), S.RESUBMITTED),
    "accept": (frozenset({S.SUBMITTED, S.RESUBMITTED, S.NO_INVOLVEMENT}), S.ACCEPTED),
    # Rule 54: a return with unanswered questions goes back at once, by the system.
    "return_incomplete": (frozenset({S.SUBMITTED, S.RESUBMITTED}), S.REVISION_REQUESTED),
}

# The agency may edit its answers (drafts) only while the request waits on it.
EDITABLE = frozenset({S.SENT, S.OPENED, S.REVISION_REQUESTED})


def target(transition: str, current: str) -> S:
    sources, to = TRANSITIONS[transition]
    if current not in sources:
        raise TransitionRefused(
            f"A request that is {S(current).label.lower()} cannot be {transition.replace('_', ' ')}."
        )
    return to


def allowed(transition: str, current: str) -> bool:
    return current in TRANSITIONS[transition][0]
