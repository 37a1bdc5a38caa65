"""The executive summary's length, measured on the LibreOffice rendering (Document 19: no more than two
A4 pages): a 1-page and a 3-page summary, cross-checked against poppler's own text extraction, and the
upload storing the measurement with its structure check."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cspr.accounts.roles import Role
from cspr.documents.engine import docx_to_pdf_one_shot
from cspr.report import actions, docxtext, examples, sample, structure
from tests.report.helpers import REVIEWER, family_case
from tests.world import World

pytestmark = [pytest.mark.libreoffice, pytest.mark.skipif(shutil.which("soffice") is None, reason="no LibreOffice")]


def _poppler_pages(pdf: bytes, tmp_path: Path) -> int:
    """The same count from pdftotext (poppler), page by page: an independent reading of the rendering."""
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    pages = int(
        next(
            line.split()[-1]
            for line in subprocess.run(
                ["pdfinfo", str(path)], capture_output=True, text=True, check=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    texts = [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(path), "-"], capture_output=True, text=True
        ).stdout
        for n in range(1, pages + 1)
    ]
    start = next(i for i, t in enumerate(texts) if structure.START in t)
    end = next(i for i, t in enumerate(texts) if structure.END in t)
    before = texts[end].split(structure.END)[0]
    at_top = "Executive" not in before and not any(
        line.strip() and "LCSPR report: draft" not in line and "Introduction" not in line
        for line in before.splitlines()
    )
    return end - start + (0 if at_top else 1)


@pytest.mark.parametrize(("paragraphs", "pages"), [(4, 1), (20, 3)])
def test_the_summary_is_measured_on_the_rendering(tmp_path: Path, paragraphs: int, pages: int) -> None:
    data = sample.build(examples.clean_report(REVIEWER, exec_paragraphs=paragraphs))
    units = docxtext.units(data)
    outline = structure.outline(units, structure.read_styles(data))
    rendered: list[bytes] = []

    def convert(docx: bytes) -> bytes:
        rendered.append(docx_to_pdf_one_shot(docx))
        return rendered[-1]

    measured = structure.exec_summary_pages(data, outline, convert)
    print(f"\nexecutive summary of {paragraphs} paragraphs: {measured} A4 page(s) as rendered by LibreOffice")
    assert measured == pages
    assert _poppler_pages(rendered[0], tmp_path) == pages


@pytest.mark.django_db
def test_an_upload_stores_the_measurement_and_fails_a_summary_over_two_pages(world: World) -> None:
    case = family_case(world)
    long = sample.build(examples.clean_report(REVIEWER, exec_paragraphs=20))
    draft = actions.upload_draft(case, data=long, original_name="long.docx", acting_user=world.user(Role.LEAD_REVIEWER))
    assert draft.exec_summary_pages == 3
    length = next(c for c in draft.structure if c["check"] == "exec_length")
    assert not length["ok"]
    assert "3 A4 pages as rendered" in length["detail"]
    assert draft.size == len(long)
