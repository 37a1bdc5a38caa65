"""Sending the LCSPR's information requests (chronologies, information reports, learning
templates; toolkit §8.5–§8.6): once the review is commissioned, to chosen agencies, with the case
summary and time period and a deadline the partnership sets for this case (rule 53)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from cspr.accounts.models import User
from cspr.cases.models import Case
from cspr.cases.transitions import all_of, case_action, not_closed, reached, register_action
from cspr.organisations.models import Agency
from cspr.portal import actions
from cspr.portal.kinds.base import RequestKind
from cspr.portal.kinds.registry import REGISTRY
from cspr.portal.models import InformationRequest, RequestState

register_action("portal.send_lcspr_requests", allowed=all_of(reached("lcspr_commissioned_date"), not_closed))


def lcspr_kinds() -> list[RequestKind]:
    return [kind for kind in REGISTRY.values() if kind.lcspr]


def lcspr_kind(key: str) -> RequestKind | None:
    kind = REGISTRY.get(key)
    return kind if kind is not None and kind.lcspr else None


def already_asked(case: Case, kind: RequestKind) -> QuerySet[InformationRequest]:
    """Requests of this kind that are out (a second one to the same agency would be a duplicate)."""
    return InformationRequest.objects.filter(case=case, request_type=kind.key).exclude(state=RequestState.DRAFT)


def send_lcspr_requests(
    case: Case,
    kind: RequestKind,
    agencies: Iterable[Agency],
    *,
    due_date: dt.date,
    acting_user: User,
    case_summary: str = "",
    time_period: str = "",
) -> list[InformationRequest]:
    """Create and send one request of ``kind`` to each agency, all due on ``due_date``; an agency
    that already has one of this kind out is skipped. The kind's topics (the learning template's
    KLOEs and significant events) are fixed on each request now."""
    chosen = list(agencies)
    today = timezone.localdate()
    if not chosen:
        raise ValidationError({"agencies": "Select at least one agency"})
    if due_date <= today:
        raise ValidationError({"due_date": "The deadline must be in the future"})
    sent: list[InformationRequest] = []
    with case_action(case, "portal.send_lcspr_requests", acting_user=acting_user) as ctx:
        asked = set(already_asked(ctx.case, kind).values_list("agency_id", flat=True))
        topics = kind.topics(ctx.case)
        for agency in chosen:
            if agency.pk in asked:
                continue
            request = actions.create_request(
                ctx.case,
                agency,
                kind.key,  # type: ignore[arg-type]
                acting_user=acting_user,
                case_summary=case_summary,
                time_period=time_period,
            )
            if topics:
                request.topics = topics
                request.save(update_fields=["topics"])
            sent.append(actions.send_request(request, acting_user=acting_user, due_date=due_date))
        ctx.audit(
            after={
                "kind": kind.key,
                "agencies": [a.pk for a in chosen],
                "sent": [r.pk for r in sent],
                "due_date": due_date.isoformat(),
            },
        )
    return sent
