"""What the chronology app gives other apps: the case page section, the documents context, and the
flagged key practice learning events (``flagged_events``)."""

from __future__ import annotations

from typing import Any, TypedDict

from django.db.models import Count, Q
from django.http import HttpRequest

from cspr.cases.models import Case
from cspr.cases.sections import CaseSection
from cspr.chronology import exports, genogram, queries
from cspr.chronology.models import ChronologyEntry, EntryKind
from cspr.documents.context import register

flagged_events = queries.flagged_events


def case_section(request: HttpRequest, case: Case) -> CaseSection | None:
    # The case page has already checked that this person may read the case.
    stats = ChronologyEntry.objects.filter(case=case, merged_into__isnull=True).aggregate(
        count=Count("id"),
        agencies=Count("agency", distinct=True),
        flagged=Count("id", filter=Q(key_learning_event=True)),
    )
    people = case.people.count()  # no query when the case page has prefetched them
    return CaseSection(
        title="Chronology and genogram",
        template="chronology/section.html",
        context={"reference": case.reference, "people": people, **stats},
        order=60,
    )


def _row(e: dict[str, Any], start: Any, end: Any) -> dict[str, Any]:
    contact_child = exports.child_contact_text(e["child_seen"], e["child_contact"])
    return {
        "date": e["date_text"],
        "time": e["time"].strftime("%H:%M") if e["time"] else "",
        "agency": e["agency__name"],
        "kind": str(EntryKind(e["kind"]).label),
        "source": e["source"],
        # The documents app's Document 10 table reads these names...
        "contact_child": contact_child,
        "contact_family": e["family_contact"],
        "event": e["key_event"],
        "analysis": e["comment"],
        # ...and these are the same values under this app's names.
        "child_contact": contact_child,
        "family_contact": e["family_contact"],
        "key_event": e["key_event"],
        "comment": e["comment"],
        "inside_review_period": None
        if start is None and end is None
        else (start is None or e["date_to"] >= start) and (end is None or e["date_from"] <= end),
        "key_practice_learning_event": e["key_learning_event"],
    }


def chronology_rows(case: Case, kind: str = EntryKind.KEY_EVENT) -> list[dict[str, Any]]:
    """Plain rows for document templates: Document 10's columns plus agency and flags."""
    start, end = queries.period_for(case)
    return [_row(e, start, end) for e in queries.export_rows(case, queries.Filters(kind=kind))]


class ChronologyContext(TypedDict):
    chronology_rows: list[dict[str, Any]]
    organisational_rows: list[dict[str, Any]]
    key_practice_learning_events: list[dict[str, Any]]


class GenogramContext(TypedDict):
    genogram_png: bytes | None


def chronology_context(case: Case) -> ChronologyContext:
    """The integrated chronology for document tables (Document 10)."""
    return {
        "chronology_rows": chronology_rows(case),
        "organisational_rows": chronology_rows(case, EntryKind.ORGANISATIONAL_CHANGE),
        "key_practice_learning_events": [
            {"date": e.date_text, "agency": e.agency.name, "key_event": e.key_event} for e in flagged_events(case)
        ],
    }


def genogram_context(case: Case) -> GenogramContext:
    """The genogram picture. The documents app leaves it out of anything marked for publication
    (toolkit §7.2.1); only documents that place it name this provider, so it is drawn only for them."""
    return {"genogram_png": genogram.png_for_case(case)}


def register_document_context() -> None:
    register("chronology", ChronologyContext, chronology_context)
    register("genogram", GenogramContext, genogram_context)
