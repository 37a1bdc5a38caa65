"""Anonymisation speed (issue 13, ``make bench``): the scan of a generated 100-page report against
the demo family's identifiers (goal: 1 s or less), with the plain text extraction of the same file
(every ``w:t`` of the body joined, no structure) as the floor, and the ratio. The report's length is
rendered once by LibreOffice when it is installed, so "100 pages" is measured, not assumed."""

from __future__ import annotations

import io
import os
import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cspr.report import docxtext, examples, sample
from cspr.report.matcher import Identifier, Scanner

PAGES = 100
GOAL = 1.0
# The demo family of DEMO-8 (Dummyfamily), as ``identifiers.for_case`` gives it, without a database.
IDENTIFIERS = [
    Identifier("name", "Demo Child Dummyfamily", "person:1", "The child's name"),
    Identifier("name", "Demo Child", "person:1", "The child's first name"),
    Identifier("name", "Demo Mother Dummyfamily", "person:2", "Mother's name"),
    Identifier("name", "Demo Mother", "person:2", "Mother's first name"),
    Identifier("name", "Demo Father Dummyfamily-Sample", "person:3", "Father's name"),
    Identifier("name", "Demo Father", "person:3", "Father's first name"),
    Identifier("name", "Dummyfamily", "surname:dummyfamily", "The family's surname"),
    Identifier("name", "Dummyfamily-Sample", "surname:dummyfamily-sample", "The family's surname"),
    Identifier("name", "Sample", "surname:sample", "Part of the family's surname"),
    Identifier("name", "Demo Partner Example", "person:4", "Mother's partner's name"),
    Identifier("name", "Example", "surname:example", "The family's surname"),
    Identifier("initials", "DD", "person:1", "The child's initials"),
    Identifier("initials", "DCD", "person:1", "The child's initials"),
    Identifier("date of birth", "2019-04-01", "kind:date of birth", "The child's date of birth"),
    Identifier("date of birth", "1995-06-12", "kind:date of birth", "Mother's date of birth"),
    Identifier("NHS number", "9434765919", "kind:NHS number", "The child's NHS number"),
    Identifier("address", "1 Example Close", "kind:address", "The child's address"),
    Identifier("address", "Example Close", "kind:address", "The child's address"),
    Identifier("postcode", "ZZ9 9ZZ", "kind:postcode", "The child's postcode"),
    Identifier("phone number", "07700 900123", "kind:phone number", "Mother's phone number"),
]


def _median(fn: Callable[[], object], runs: int) -> float:
    fn()
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def _rendered_pages(data: bytes) -> int | None:
    if shutil.which("soffice") is None:
        return None
    from pypdf import PdfReader

    from cspr.documents.engine import docx_to_pdf_one_shot

    return len(PdfReader(io.BytesIO(docx_to_pdf_one_shot(data))).pages)


def run() -> dict[str, Any]:
    guidance = Path(__file__).resolve().parent.parent / "documents" / "content" / "report_guidance.txt"
    sentences = [
        s.strip() + "." for s in guidance.read_text(encoding="utf-8").replace("\n", " ").split(". ") if len(s) > 40
    ]
    data = sample.build(examples.long_report(PAGES, ["Demo Child Dummyfamily", "Demo Mother", "Mr Sample"], sentences))
    findings = len(Scanner(IDENTIFIERS).scan(docxtext.units(data)))
    scan = _median(lambda: Scanner(IDENTIFIERS).scan(docxtext.units(data)), 5)
    floor = _median(lambda: docxtext.plain_text(data), 5)
    return {
        "report_anonymisation_scan_100_pages": {
            "value": round(scan, 3),
            "unit": f"s (median of 5: unzip, parse every part, scan; {findings} findings)",
            "floor": round(floor, 3),
            "floor_what": "plain text extraction of the same file (body w:t joined)",
            "ratio": round(scan / floor, 1),
            "goal": GOAL,
            "met": scan <= GOAL,
            "pages_rendered": _rendered_pages(data),
            "bytes": len(data),
            "load_average": round(os.getloadavg()[0], 1),
        }
    }
