"""One-sheet workbooks for large exports, written with XlsxWriter: every cell text, never a formula.

XlsxWriter writes a styled cell in about the time openpyxl takes for a plain one (issue 15: 10,000
chronology entries × 12 columns in under a second, decision 0036). What this module adds is the
house's safety and style set, shared by every caller:

- the workbook is opened with ``strings_to_formulas``, ``strings_to_numbers`` and
  ``strings_to_urls`` off, and every value goes through ``write_string``: a cell holds text
  whatever it says (issue 16, item 2);
- text Excel would re-evaluate on edit (``spreadsheet.looks_like_formula``) gets the
  quote-prefixed twin of its style (XlsxWriter's ``quote_prefix`` format property);
- a fixed list of styles (bold, size, solid fill, wrapped top-aligned text), column widths and
  frozen heading rows.

``in_memory`` keeps the parts in memory (no temporary files); XlsxWriter then writes a shared
string table, which it cannot combine with ``constant_memory`` (it switches that off). On the
bench ``in_memory`` was the faster of the two (0.73–0.82 s against 0.90 s, decision 0036).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter

from cspr.filesafety.spreadsheet import FORMULA_STARTS

# Text stays text: XlsxWriter's ``write()`` would otherwise turn "=..." into a formula, "12" into a
# number and "http://..." into a link. We call ``write_string`` anyway; these guard any other call.
TEXT_ONLY = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}


@dataclass(frozen=True)
class Style:
    bold: bool = False
    size: int = 11
    fill: str = ""  # RRGGBB, solid
    wrap: bool = False

    def properties(self) -> dict[str, Any]:
        props: dict[str, Any] = {"bold": self.bold, "font_size": self.size}
        if self.fill:
            props.update(pattern=1, bg_color=f"#{self.fill}")
        if self.wrap:
            props.update(text_wrap=True, valign="top")
        return props


class Sheet:
    """Rows of (text, style index) pairs; ``styles`` are indexed from 0 in the order given."""

    def __init__(self, name: str, styles: Sequence[Style], widths: Sequence[float] = (), frozen_rows: int = 0) -> None:
        self._out = io.BytesIO()
        self._book = xlsxwriter.Workbook(self._out, {"in_memory": True, **TEXT_ONLY})
        self._sheet = self._book.add_worksheet(name[:31])
        # Formats come in pairs: plain, and the same with Excel's quote prefix.
        self._formats = [
            (
                self._book.add_format(style.properties()),
                self._book.add_format({**style.properties(), "quote_prefix": True}),
            )
            for style in styles
        ]
        for column, width in enumerate(widths):
            self._sheet.set_column(column, column, width)
        if frozen_rows:
            self._sheet.freeze_panes(frozen_rows, 0)
        self._row = 0

    def append(self, cells: Iterable[tuple[str, int]]) -> None:
        write, blank, formats, row = self._sheet.write_string, self._sheet.write_blank, self._formats, self._row
        for column, (text, style) in enumerate(cells):
            plain, quoted = formats[style]
            if not text:  # a blank cell that keeps its format (the row's colour), not an empty string
                blank(row, column, None, plain)
            else:
                write(row, column, text, quoted if text.startswith(FORMULA_STARTS) else plain)
        self._row = row + 1

    def save(self) -> bytes:
        self._book.close()
        return self._out.getvalue()
