"""Document speed (issues 5 and 10): Document 4 as DOCX against the python-docx floor, Document 4
on a case with 5,000 chronology entries against the same case with none (its context never builds
chronology rows, so the ratio should stay near 1), and the Rapid Review pack."""

from __future__ import annotations

import datetime as dt
import io
import statistics
import time
from collections.abc import Callable
from typing import Any

import docx

from cspr.cases.models import Case, Person, PersonRole, Sex
from cspr.chronology.models import ChronologyEntry
from cspr.documents import engine
from cspr.documents.catalogue import DocStage
from cspr.organisations.models import Agency, AgencyType, Partnership, Region
from cspr.rapidreview.models import Attendee, Meeting, RapidReviewRecord

CHRONOLOGY_ENTRIES = 5000


def _partnership() -> Partnership:
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
    return partnership


def _case(reference: str, partnership: Partnership) -> Case:
    case, created = Case.objects.get_or_create(
        reference=reference,
        defaults={
            "lead_partnership": partnership,
            "incident_date": dt.date(2026, 10, 28),
            "meeting_date": dt.date(2026, 11, 12),
        },
    )
    if not created:
        return case
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
    RapidReviewRecord.objects.create(
        case=case,
        case_summary="A fictional summary of the circumstances. " * 40,
        immediate_action_taken=True,
        immediate_actions="Safety plan for the sibling. " * 10,
        criteria=["improvements", "two_or_more"],
        decision=["b"],
        reasons="Potential learning about information sharing. " * 20,
        kloes="\n".join(f"Key line of enquiry {i}: how well did agencies work together?" for i in range(1, 6)),
    )
    meeting = Meeting.objects.create(case=case, date=dt.date(2026, 11, 12), time="10am", location="Bench Hall")
    Attendee.objects.bulk_create(
        Attendee(meeting=meeting, name=f"Participant {i}", role="Manager", organisation=f"Agency {i}", present=True)
        for i in range(1, 10)
    )
    return case


def _chronology(case: Case, partnership: Partnership) -> None:
    if ChronologyEntry.objects.filter(case=case).exists():
        return
    agency, _ = Agency.objects.get_or_create(
        partnership=partnership, name="Bench School", defaults={"agency_type": AgencyType.SCHOOL}
    )
    start = dt.date(2015, 1, 1)
    ChronologyEntry.objects.bulk_create(
        ChronologyEntry(
            case=case,
            agency=agency,
            date_text=f"{start + dt.timedelta(days=i % 4000):%d/%m/%Y}",
            date_from=start + dt.timedelta(days=i % 4000),
            date_to=start + dt.timedelta(days=i % 4000),
            source=f"Record {i}",
            key_event=f"Bench event {i}",
        )
        for i in range(CHRONOLOGY_ENTRIES)
    )


def _median(fn: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def _paired_medians(a: Callable[[], object], b: Callable[[], object], runs: int) -> tuple[float, float]:
    """Medians of ``a`` and ``b`` timed alternately, so a busy machine slows both alike (a fair ratio)."""
    timings: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for fn, found in ((a, timings[0]), (b, timings[1])):
            start = time.perf_counter()
            fn()
            found.append(time.perf_counter() - start)
    return statistics.median(timings[0]), statistics.median(timings[1])


def _blank() -> bytes:
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Blank")
    document.save(out)
    return out.getvalue()


def run() -> dict[str, Any]:
    partnership = _partnership()
    case = _case("BENCH-1", partnership)
    busy = _case("BENCH-2", partnership)
    _chronology(busy, partnership)
    engine.render("RAPID_REVIEW_TEMPLATE", case, "docx")  # warm caches (markup, imports)
    floor = _median(_blank, 30)
    doc4, doc4_busy = _paired_medians(
        lambda: engine.render("RAPID_REVIEW_TEMPLATE", case, "docx"),
        lambda: engine.render("RAPID_REVIEW_TEMPLATE", busy, "docx"),
        30,
    )
    agreement, agreement_busy = _paired_medians(
        lambda: engine.render("CONFIDENTIALITY_AGREEMENT", case, "docx"),
        lambda: engine.render("CONFIDENTIALITY_AGREEMENT", busy, "docx"),
        30,
    )
    pack = _median(lambda: engine.render_pack(DocStage.RAPID_REVIEW, case), 5)
    return {
        "documents_doc4_docx": {
            "value": round(doc4, 4),
            "unit": "s (median of 30, timed alternately with the next)",
            "floor": round(floor, 4),
            "ratio": round(doc4 / floor, 2),
            "goal": "≤ 0.15 s and ≤ 5× floor",
        },
        "documents_doc4_docx_5000_chronology_entries": {
            "value": round(doc4_busy, 4),
            "unit": f"s (median of 30, {CHRONOLOGY_ENTRIES} chronology entries on the case)",
            "floor": round(doc4, 4),
            "ratio": round(doc4_busy / doc4, 2),
            "goal": "ratio ≈ 1.0: Document 4 never builds chronology rows",
        },
        "documents_confidentiality_agreement_5000_chronology_entries": {
            "value": round(agreement_busy, 4),
            "unit": f"s (median of 30, {CHRONOLOGY_ENTRIES} chronology entries on the case)",
            "floor": round(agreement, 4),
            "ratio": round(agreement_busy / agreement, 2),
            "goal": "ratio ≈ 1.0: Appendix 2 builds neither chronology rows nor the genogram",
        },
        "documents_rapid_review_pack_zip": {
            "value": round(pack, 3),
            "unit": "s (median of 5, 9 Word files)",
            "goal": "≤ 2 s",
        },
    }
