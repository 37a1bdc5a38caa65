"""Spreadsheet text that must stay text.

Text typed by a person or read from an agency's return can begin like a formula (``=HYPERLINK(...)``,
``+cmd|...``, ``@SUM(...)``). openpyxl writes any string beginning with ``=`` as a live formula,
and Excel re-evaluates ``+``, ``-``, ``@`` (and a leading tab or carriage return) when a cell is
edited. Every cell we write from such text is a string cell with Excel's quote prefix, so it is
shown as typed and never calculated.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def keep_as_text(cell: Any) -> Any:
    """Make ``cell`` (an openpyxl cell whose value is already set) a plain string cell.

    For write-only cells that share one style array between many cells, pass a cell whose
    ``_style`` is its own copy: the quote prefix is part of the style.
    """
    if looks_like_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell
