"""One entry per request type: how it is answered online and what "complete" means.

Only the scoping request (Document 2) is answered online today. Later request types (agency
chronology, information report, learning template, workshop nominations) register an entry here
with their own form, template and completeness rule; the views ask this table, never the type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cspr.portal import scoping
from cspr.portal.models import InformationRequest, RequestType


@dataclass(frozen=True)
class RequestKind:
    answer_template: str
    check_template: str
    word_return: bool
    completeness: Callable[[InformationRequest], list[str]]


def _scoping_completeness(request: InformationRequest) -> list[str]:
    answers = request.answers if isinstance(request.answers, dict) else {}
    problems = [
        f"Enter {q.label.lower()}"
        for q in (*scoping.CONTACT, *scoping.QUESTIONS)
        if q.required and not str(answers.get(q.key, "")).strip()
    ]
    for row in request.learning_actions.all():
        if not row.action:
            problems.append(f"Enter the action required for learning point {row.number}")
        if row.target_date is None:
            problems.append(f"Enter the target date for completion of learning point {row.number}")
    return problems


REGISTRY: dict[str, RequestKind] = {
    RequestType.SCOPING: RequestKind(
        answer_template="portal/agency/answer_scoping.html",
        check_template="portal/agency/check_scoping.html",
        word_return=True,
        completeness=_scoping_completeness,
    ),
}


def kind_for(request: InformationRequest) -> RequestKind | None:
    return REGISTRY.get(request.request_type)


def completeness_problems(request: InformationRequest) -> list[str]:
    kind = kind_for(request)
    if kind is None:
        return ["This request cannot be answered online yet"]
    return kind.completeness(request)
