"""The long-running PDF converter: one warm LibreOffice serves every conversion (issue 15, cause 1)."""

from __future__ import annotations

import contextlib
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import time_machine
from django.test import override_settings

from cspr.cases.models import Case
from cspr.documents import engine, pdfclient
from cspr.documents.pdfserver import NICENESS
from tests.documents.helpers import pdf_text

pytestmark = [pytest.mark.libreoffice, pytest.mark.django_db]


@time_machine.travel("2026-11-16 10:00 +0000", tick=False)
def test_document_4_goes_through_the_converter_as_a_tagged_pdf(case: Case, converter: Path) -> None:
    # Its cost against the Word render is a benchmark figure (`make bench`: documents_pdf_converter),
    # not asserted here: timings on a shared machine make flaky tests.
    with override_settings(PDF_CONVERTER_SOCKET=str(converter)):
        engine.render("RAPID_REVIEW_TEMPLATE", case, "pdf")  # LibreOffice loads its Word filter once
        for _ in range(2):
            pdf = engine.docx_to_pdf(engine.render("RAPID_REVIEW_TEMPLATE", case, "docx"))
    assert pdf.startswith(b"%PDF")
    assert b"/StructTreeRoot" in pdf  # tagged, as the one-shot conversion
    assert "Home Test Partnership" in pdf_text(pdf)


def test_three_conversions_at_once_queue_in_the_converter(case: Case, converter: Path) -> None:
    docx = engine.render("SCOPING_LETTER", case, "docx")
    with ThreadPoolExecutor(max_workers=3) as pool:
        pdfs = list(pool.map(lambda d: pdfclient.convert(d, converter, timeout=60), [docx] * 3))
    assert all(p.startswith(b"%PDF") for p in pdfs)


def test_odd_input_and_a_client_that_gives_up_leave_the_converter_serving(case: Case, converter: Path) -> None:
    # LibreOffice opens nearly anything (bytes that are no Word file come out as a text PDF); what
    # matters is that the converter survives it and a client that stops waiting.
    with contextlib.suppress(pdfclient.ConverterFailed):
        pdfclient.convert(b"PK\x03\x04 not a word file at all", converter, timeout=60)
    docx = engine.render("RAPID_REVIEW_TEMPLATE", case, "docx")
    with pytest.raises(pdfclient.ConverterFailed, match="busy"):
        pdfclient.convert(docx, converter, timeout=0.01)
    assert pdfclient.convert(docx, converter, timeout=60).startswith(b"%PDF")


def test_without_a_converter_a_one_shot_libreoffice_converts(case: Case, tmp_path: Path) -> None:
    (tmp_path / "stale.sock").touch()  # a socket file left behind by a converter that stopped
    with override_settings(PDF_CONVERTER_SOCKET=str(tmp_path / "stale.sock")):
        assert engine.render("SCOPING_LETTER", case, "pdf").startswith(b"%PDF")


def test_the_converter_and_its_libreoffice_give_way_to_the_web_workers(converter: Path) -> None:
    """Conversions are background work: the converter and the LibreOffice it starts run at a lower
    priority than the process that started them (a floor page is not slowed by three conversions)."""
    from tests.converter import CONVERTER

    assert CONVERTER.server is not None
    assert NICENESS > 0
    expected = min(19, os.getpriority(os.PRIO_PROCESS, 0) + NICENESS)
    assert os.getpriority(os.PRIO_PROCESS, CONVERTER.server.pid) == expected
    descendants = _descendants(CONVERTER.server.pid)
    assert descendants, "the converter has started LibreOffice"
    assert {pid: os.getpriority(os.PRIO_PROCESS, pid) for pid in descendants} == dict.fromkeys(descendants, expected)


def _descendants(pid: int) -> list[int]:
    """Every process under ``pid`` (LibreOffice's launcher and the soffice.bin it starts)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found += [int(child), *_descendants(int(child))]
    return found
