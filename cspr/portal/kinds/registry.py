"""The request kinds there are, by ``InformationRequest.request_type``. The portal's views, the
submit action and the send action ask this table, never the type."""

from __future__ import annotations

import datetime as dt

from cspr.portal.kinds.base import RequestKind
from cspr.portal.kinds.chronology import ChronologyKind
from cspr.portal.kinds.information_report import InformationReportKind
from cspr.portal.kinds.learning_template import LearningTemplateKind
from cspr.portal.kinds.scoping import ScopingKind
from cspr.portal.models import InformationRequest

REGISTRY: dict[str, RequestKind] = {}


def register(kind: RequestKind) -> RequestKind:
    """Add a kind (a later app's, or a test's). A key is registered once."""
    if kind.key in REGISTRY and REGISTRY[kind.key] is not kind:
        raise ValueError(f"A request kind {kind.key!r} is already registered")
    REGISTRY[kind.key] = kind
    return kind


def unregister(key: str) -> None:
    REGISTRY.pop(key, None)


def kind_for(request: InformationRequest) -> RequestKind | None:
    return REGISTRY.get(request.request_type)


def completeness_problems(request: InformationRequest) -> list[str]:
    kind = kind_for(request)
    if kind is None:
        return ["This request cannot be answered online yet"]
    return [m.message for m in kind.missing(request)]


def asks_records_secured(request: InformationRequest) -> bool:
    """Rule 24's questions are asked unless the request's kind says they do not apply to it (an
    unknown kind is asked: the records stay the safe side)."""
    kind = kind_for(request)
    return kind is None or kind.asks_records_secured


def records_problems(
    request: InformationRequest, *, secured_on: dt.date | None, secured_by: str, kept_separate: bool
) -> list[str]:
    """What a return still lacks of rule 24 before it can be submitted, whatever the page sent."""
    if not asks_records_secured(request):
        return []
    problems = []
    if secured_on is None:
        problems.append("Enter the date the records were secured")
    if not secured_by.strip():
        problems.append("Enter who secured the records")
    if not kept_separate:
        problems.append("Confirm that your agency's submission is kept separate from the case records")
    return problems


def due_date(request: InformationRequest, sent_on: dt.date) -> dt.date:
    """The kind's rule for the date the answer is due when the request is sent on ``sent_on``."""
    kind = kind_for(request)
    if kind is None:
        raise ValueError(f"No request kind {request.request_type!r}: give the due date")
    return kind.due_date(request.case, sent_on)


register(ScopingKind())
register(ChronologyKind())
register(InformationReportKind())
register(LearningTemplateKind())
