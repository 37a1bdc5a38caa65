"""Word table rows as text, in time proportional to the table.

python-docx's ``_Row.cells`` finds the text of a vertically merged cell by walking up the table
one row at a time, for every cell of every row: a 300-row table of merged cells took 43 seconds.
Here each table is read once, top to bottom, remembering the text that starts each vertical span
at its grid column, so a merged cell repeats its text exactly as ``row.cells`` would.
"""

from __future__ import annotations

from typing import Any

from docx.table import _Cell


def rows(table: Any) -> list[list[str]]:
    """The text of every grid cell of every row (a cell spanning columns repeats its text)."""
    span_text: dict[int, str] = {}
    grid: list[list[str]] = []
    for tr in table._tbl.tr_lst:
        offset = tr.grid_before
        row: list[str] = []
        for tc in tr.tc_lst:
            span = max(1, tc.grid_span)
            if tc.vMerge == "continue":
                text = span_text.get(offset, "")
            else:
                text = _Cell(tc, table).text
                for column in range(offset, offset + span):
                    span_text[column] = text
            row.extend([text] * span)
            offset += span
        grid.append(row)
    return grid
