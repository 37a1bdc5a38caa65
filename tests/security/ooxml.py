"""Reading back what XlsxWriter writes."""

from __future__ import annotations

import re


def as_typed(value: str) -> str:
    """XlsxWriter stores a control character as an OOXML ``_xHHHH_`` escape (and a literal ``_xHHHH_``
    as ``_x005F_xHHHH_``); Excel and LibreOffice read both back as typed, openpyxl only the second."""
    return re.sub(r"_x(00[01][0-9A-F])_", lambda m: chr(int(m[1], 16)), value)
