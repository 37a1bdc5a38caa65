"""What the LCSPR's agency documents (Documents 10–15a) read from the portal's record: the deadline
each kind of request was sent with (rule 53, set case by case, so the letters never say
"[insert deadline]" once the requests are out) and the significant events the learning template
asks about (Document 13, Section 4). Registered as the ``agency_requests`` context provider.
"""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from cspr.cases.models import Case
from cspr.portal.kinds.lcspr import significant_events
from cspr.portal.models import InformationRequest, RequestState, RequestType


class EventSection(TypedDict):
    heading: str
    answer: str


class AgencyRequestsContext(TypedDict):
    chronology_deadline: dt.date | None
    information_report_deadline: dt.date | None
    significant_event_sections: list[EventSection]


def _deadline(case: Case, kind: RequestType) -> dt.date | None:
    """The deadline of the latest requests of this kind sent on the case."""
    return (
        InformationRequest.objects.filter(case=case, request_type=kind, due_date__isnull=False)
        .exclude(state=RequestState.DRAFT)
        .order_by("-sent_at", "-id")
        .values_list("due_date", flat=True)
        .first()
    )


def _event_sections(case: Case) -> list[EventSection]:
    events = significant_events(case) or [{"date": "", "event": "", "agency": ""}]
    sections: list[EventSection] = []
    for event in events:
        text = f"{event['date']}: {event['event']} ({event['agency']})" if event["event"] else ""
        sections.extend(
            [
                {"heading": "SINGLE AGENCY SIGNIFICANT PRACTICE EVENT / ISSUE:", "answer": text},
                {"heading": "ANALYSIS:", "answer": ""},
                {"heading": "RECOMMENDATION:", "answer": ""},
                {"heading": "HIGHLIGHT GOOD PRACTICE:", "answer": ""},
            ]
        )
    return sections


def agency_requests_context(case: Case) -> AgencyRequestsContext:
    return {
        "chronology_deadline": _deadline(case, RequestType.CHRONOLOGY),
        "information_report_deadline": _deadline(case, RequestType.INFORMATION_REPORT),
        "significant_event_sections": _event_sections(case),
    }


def register_context() -> None:
    from cspr.documents.context import register

    register("agency_requests", AgencyRequestsContext, agency_requests_context)
