"""What an agency waits for: checking an upload, and reading a Word return back into the form."""

from __future__ import annotations

import io
import statistics
import time
import zipfile
from collections.abc import Callable
from typing import Any

from docx import Document

from cspr.portal import uploads


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    return round(statistics.median(timings) * 1000, 2)


def _docx(paragraphs: int) -> bytes:
    doc = Document()
    table = doc.add_table(rows=0, cols=2)
    for n in range(paragraphs):
        cells = table.add_row().cells
        cells[0].text = f"Label {n}"
        cells[1].text = "An answer of a few words " * 10
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/media/zeros.bin", b"\0" * (8 * 1024 * 1024))
    return out.getvalue()


def run() -> dict[str, Any]:
    word = frozenset({uploads.Kind.DOCX})
    large = _docx(400)
    bomb = _bomb()

    def refuse_bomb() -> None:
        try:
            uploads.inspect(bomb, word)
        except uploads.UploadRefused:
            return

    return {
        "portal_upload_check_400_row_docx": {
            "value": _median_ms(lambda: uploads.inspect(large, word), 20),
            "unit": f"ms (median of 20; {len(large) // 1024} KB file)",
        },
        "portal_upload_refuse_zip_bomb": {
            "value": _median_ms(refuse_bomb, 20),
            "unit": "ms (median of 20; 8 MB inflated)",
        },
    }
