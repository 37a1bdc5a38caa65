"""Every document converted to PDF by LibreOffice headless from the same DOCX, read back with pdftotext."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings

from cspr.cases.models import Case, Person, Relationship, RelationshipKind
from cspr.documents import catalogue, engine
from cspr.documents.docx_render import GENOGRAM_DESCRIPTION
from cspr.rapidreview.models import RapidReviewRecord
from tests.documents.helpers import pdf_fonts, pdf_pages, pdf_text
from tests.documents.test_render import CASE_DATA, KEY_SENTENCES

pytestmark = [pytest.mark.libreoffice, pytest.mark.django_db]


def _squash(text: str) -> str:
    """pdftotext wraps lines and table cells anywhere: compare without whitespace."""
    return re.sub(r"\s+", "", text)


@time_machine.travel("2026-11-16 10:00 +0000", tick=False)
def test_every_document_converts_to_pdf_with_data_and_wording(case: Case, warm_converter: Path | None) -> None:
    sources = {spec.id: engine.render(spec.id, case, "docx") for spec in catalogue.DOCUMENTS}
    # Through the long-running converter, as in production: one LibreOffice for the 26 documents
    # rather than one started for each (a second of CPU apiece). Without python3-uno, one-shot
    # conversions, four at once (each has its own LibreOffice profile). The one-shot path's own
    # tests are below.
    socket = str(warm_converter) if warm_converter else settings.PDF_CONVERTER_SOCKET
    with override_settings(PDF_CONVERTER_SOCKET=socket), ThreadPoolExecutor(max_workers=4) as pool:
        pdfs = dict(zip(sources, pool.map(engine.docx_to_pdf, sources.values()), strict=True))
    problems = []
    for document_id, pdf in pdfs.items():
        assert pdf.startswith(b"%PDF")
        text = _squash(pdf_text(pdf))
        for needle in [KEY_SENTENCES[document_id], "Home Test Partnership", *CASE_DATA.get(document_id, [])]:
            if _squash(needle) not in text:
                problems.append(f"{document_id}: {needle!r}")
    assert problems == []


def test_pdf_is_tagged(case: Case) -> None:
    pdf = engine.render("SCOPING_LETTER", case, "pdf")
    assert b"/StructTreeRoot" in pdf
    assert b"/MarkInfo" in pdf


def test_document_4_pdf_headings_in_arial_and_the_genogram_described(case: Case) -> None:
    """Headings in Arial's metric twin like the text, not a fallback for the theme's Calibri; the
    genogram's alternative text reaches the tagged PDF for screen readers."""
    mother = Person.objects.get(case=case, first_name="Rosa")
    child = Person.objects.get(case=case, first_name="Ayla")
    Relationship.objects.create(case=case, from_person=mother, to_person=child, kind=RelationshipKind.PARENT)
    pdf = engine.render("RAPID_REVIEW_TEMPLATE", case, "pdf")
    fonts = pdf_fonts(pdf)
    assert {"LiberationSans", "LiberationSans-Bold"} <= fonts
    assert "DejaVuSans-Bold" not in fonts
    assert b"/Figure" in pdf
    alt = re.search(rb"/Alt<FEFF([0-9A-F]+)>", pdf)
    assert alt is not None
    assert bytes.fromhex(alt.group(1).decode()).decode("utf-16-be") == GENOGRAM_DESCRIPTION


def test_awkward_text_and_very_long_fields_in_pdf(case: Case) -> None:
    long_text = " ".join(f"word{i}" for i in range(6000)) + " THE-END"
    RapidReviewRecord.objects.filter(case=case).update(
        case_summary=long_text, immediate_actions='Tom & Jerry <b> "quoted" O’Brien café naïve'
    )
    short = pdf_text(engine.render("SCOPING_LETTER", case, "pdf"))
    assert short
    pdf = engine.render("RAPID_REVIEW_TEMPLATE", case, "pdf")
    text = pdf_text(pdf)
    assert 'Tom & Jerry <b> "quoted" O’Brien café naïve' in text
    assert "THE-END" in text  # the long field flowed over pages rather than being cut off
    assert pdf_pages(pdf) > 12  # about 7 pages without it


def test_unknown_format_is_refused(case: Case) -> None:
    with pytest.raises(ValueError, match="Unknown format"):
        engine.render("SCOPING_LETTER", case, "odt")
