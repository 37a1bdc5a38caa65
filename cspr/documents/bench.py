"""Document speed (issue 5): Document 4 as DOCX against the python-docx floor, and the Rapid Review pack."""

from __future__ import annotations

import datetime as dt
import io
import statistics
import time
from collections.abc import Callable
from typing import Any

import docx

from cspr.cases.models import Case, Person, PersonRole, Sex
from cspr.documents import engine
from cspr.documents.catalogue import DocStage
from cspr.documents.context import CONTEXT_PROVIDERS
from cspr.organisations.models import Partnership, Region

RECORD: dict[str, Any] = {
    "decision": ["b"],
    "decision_reasons": "Potential learning about information sharing. " * 20,
    "kloes": [f"Key line of enquiry {i}: how well did agencies work together?" for i in range(1, 6)],
    "participants": [{"name": f"Participant {i}", "role": "Manager", "agency": f"Agency {i}"} for i in range(1, 10)],
    "ratifications": [
        {"partner": kind, "name": f"{kind} lead", "role": "Lead", "date": dt.date(2026, 11, 13)}
        for kind in ("Local authority", "ICB", "Police")
    ],
    "case_summary": "A fictional summary of the circumstances. " * 40,
    "immediate_actions_taken": True,
    "immediate_actions": "Safety plan for the sibling. " * 10,
    "criteria": ["improvements", "two_or_more"],
    "scoping_return_date": dt.date(2026, 11, 9),
}


def _case() -> Case:
    region, _ = Region.objects.get_or_create(name="Bench Region")
    partnership, _ = Partnership.objects.get_or_create(
        name="Bench Safeguarding Children Partnership",
        defaults={
            "region": region,
            "short_code": "BENCHDOC",
            "address": "1 Bench Street\nBenchtown",
            "signature_name": "B. Manager",
        },
    )
    case, created = Case.objects.get_or_create(
        reference="BENCH-1",
        defaults={
            "lead_partnership": partnership,
            "incident_date": dt.date(2026, 10, 28),
            "meeting_date": dt.date(2026, 11, 12),
        },
    )
    if created:
        family = [("Child", "", PersonRole.SUBJECT_CHILD)] + [
            (name, name, PersonRole.FAMILY_MEMBER) for name in ("Mother", "Father", "Brother", "Sister", "Grandmother")
        ]
        for i, (first, relation, role) in enumerate(family):
            Person.objects.create(
                case=case,
                role=role,
                first_name=f"Bench {first}",
                last_name="Family",
                relationship_to_child=relation,
                date_of_birth=dt.date(1990 + i * 5, 1 + i, 1),
                sex=Sex.FEMALE,
                ethnicity="White British",
                address=f"{i} Bench Road, Benchtown",
            )
    return case


def _median(fn: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def _blank() -> bytes:
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Blank")
    document.save(out)
    return out.getvalue()


def run() -> dict[str, Any]:
    case = _case()

    def provider(_: Case) -> dict[str, Any]:
        return dict(RECORD)

    CONTEXT_PROVIDERS.append(provider)
    try:
        engine.render("RAPID_REVIEW_TEMPLATE", case, "docx")  # warm caches (markup, imports)
        floor = _median(_blank, 30)
        doc4 = _median(lambda: engine.render("RAPID_REVIEW_TEMPLATE", case, "docx"), 30)
        pack = _median(lambda: engine.render_pack(DocStage.RAPID_REVIEW, case), 5)
    finally:
        CONTEXT_PROVIDERS.remove(provider)
    return {
        "documents_doc4_docx": {
            "value": round(doc4, 4),
            "unit": "s (median of 30)",
            "floor": round(floor, 4),
            "ratio": round(doc4 / floor, 2),
            "goal": "≤ 0.15 s and ≤ 5× floor",
        },
        "documents_rapid_review_pack_zip": {
            "value": round(pack, 3),
            "unit": "s (median of 5, 9 Word files)",
            "goal": "≤ 2 s",
        },
    }
