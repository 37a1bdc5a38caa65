"""The spreadsheet writer of large exports (``cspr.filesafety.workbook`` over XlsxWriter): read back
by openpyxl and by LibreOffice exactly as written, every cell text, formula-like text quote-prefixed."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from cspr.filesafety.workbook import Sheet, Style
from tests.security.ooxml import as_typed

TEXTS = [
    "Plain text",
    '=HYPERLINK("http://attacker.invalid/","Click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "Tom & Jerry <b>not bold</b> \"quoted\" 'single'",
    "  leading and trailing spaces  ",
    "Line one\nLine two",
    "Bell\x07 and form feed\x0c kept, as OOXML escapes",
    "_x0041_ stays as typed",
    "12",
    "http://example.invalid/",
    "Ünïcödé – “curly” 😀",
]


def _sheet() -> bytes:
    sheet = Sheet(
        "Test sheet",
        [Style(bold=True, size=14), Style(fill="E8F1F8", wrap=True)],
        widths=[20, 30],
        frozen_rows=1,
    )
    sheet.append([("Title", 0)])
    for text in TEXTS:
        sheet.append([(text, 1), ("", 1), ("Next", 1)])
    return sheet.save()


def test_openpyxl_reads_back_every_cell_as_written() -> None:
    data = _sheet()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f" not in archive.read("xl/worksheets/sheet1.xml")
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.title == "Test sheet"
    assert sheet.freeze_panes == "A2"
    assert 30 <= sheet.column_dimensions["B"].width < 31  # XlsxWriter adds Excel's cell padding
    title = sheet["A1"]
    assert (title.value, title.font.b, title.font.sz) == ("Title", True, 14)
    for row, text in zip(sheet.iter_rows(min_row=2), TEXTS, strict=True):
        assert as_typed(row[0].value) == text
        assert row[0].data_type == "s"
        assert row[0].quotePrefix is text.startswith(("=", "+", "-", "@", "\t", "\r"))
        assert row[0].fill.fgColor.rgb == "FFE8F1F8"
        assert row[0].alignment.wrap_text is True
        assert row[1].value is None
        assert row[1].fill.fgColor.rgb == "FFE8F1F8"  # an empty cell keeps the row's colour
        assert row[2].value == "Next"
        assert not row[2].quotePrefix


def _to_csv(soffice: str, source: Path, profile: Path) -> Path | None:
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(source.parent),
            str(source),
        ],
        check=False,
        capture_output=True,
        timeout=180,
    )
    target = source.with_suffix(".csv")
    return target if target.exists() else None


@pytest.mark.libreoffice
def test_libreoffice_opens_it(tmp_path: Path) -> None:
    """Skipped where LibreOffice has no Calc (Debian's libreoffice-writer-nogui alone cannot open
    even openpyxl's own workbook, which is the reference here)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    reference = openpyxl.Workbook()
    reference.active.append(["reference"])
    reference.save(tmp_path / "reference.xlsx")
    if _to_csv(soffice, tmp_path / "reference.xlsx", tmp_path / "profile") is None:
        pytest.skip("this LibreOffice cannot open spreadsheets (no Calc)")
    source = tmp_path / "sheet.xlsx"
    source.write_bytes(_sheet())
    converted = _to_csv(soffice, source, tmp_path / "profile")
    assert converted is not None, "LibreOffice could not open the sheet"
    rows = list(csv.reader(converted.read_text(encoding="utf-8", errors="replace").splitlines()))
    assert rows[0][0] == "Title"
    assert rows[1][0] == "Plain text"
    assert rows[2][0] == '=HYPERLINK("http://attacker.invalid/","Click")'  # text, not a calculated link
    assert rows[3][0] == "+cmd|' /C calc'!A0"
