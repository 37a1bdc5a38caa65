"""A minimal XLSX writer for large exports: every cell an inline string, so no formula can exist.

openpyxl builds a cell object per value and writes it through lxml, about 15 µs a cell: 10,000
chronology entries × 12 columns took 2 s of CPU (6–8 s on a busy machine, issue 15). Here a row is
one string join: the sheet XML is written straight into the zip. What it supports is what the
exports need: one sheet, column widths, frozen heading rows, and a fixed set of cell styles (font
weight and size, a solid fill, wrapped top-aligned text, Excel's quote prefix).

Safety by construction (issue 16, item 2): a cell is ``t="inlineStr"`` text whatever it holds, and
text that Excel would re-evaluate on edit (``spreadsheet.looks_like_formula``) gets the
quote-prefixed twin of its style. Characters XML 1.0 cannot carry are dropped.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from cspr.filesafety.spreadsheet import FORMULA_STARTS

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CR = {"\r": "&#13;"}  # a bare CR would be read back as a line feed
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True)
class Style:
    bold: bool = False
    size: int = 11
    fill: str = ""  # RRGGBB, solid
    wrap: bool = False


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


class Sheet:
    """Rows of (text, style index) pairs; ``styles`` are indexed from 0 in the order given."""

    def __init__(self, name: str, styles: Sequence[Style], widths: Sequence[float] = (), frozen_rows: int = 0) -> None:
        self.name = name
        self.styles = list(styles)
        self.widths = list(widths)
        self.frozen_rows = frozen_rows
        self._rows: list[str] = []
        self._letters = [_column(i) for i in range(64)]

    def append(self, cells: Iterable[tuple[str, int]]) -> None:
        number = len(self._rows) + 1
        letters = self._letters
        parts = [f'<row r="{number}">']
        for column, (text, style) in enumerate(cells):
            # Styles come in pairs: 2k is plain, 2k + 1 the same with the quote prefix (see _xfs).
            if not text:
                parts.append(f'<c r="{letters[column]}{number}" s="{2 * style + 1}"/>')
                continue
            prefix = 1 if text.startswith(FORMULA_STARTS) else 0
            if _ILLEGAL.search(text):
                text = _ILLEGAL.sub("", text)
            parts.append(
                f'<c r="{letters[column]}{number}" s="{2 * style + 1 + prefix}" t="inlineStr"><is>'
                f'<t xml:space="preserve">{escape(text, _CR)}</t></is></c>'
            )
        parts.append("</row>")
        self._rows.append("".join(parts))

    def _xml(self) -> str:
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(self.widths, start=1)
        )
        view = '<sheetView workbookViewId="0"/>'
        if self.frozen_rows:
            top = f"A{self.frozen_rows + 1}"
            view = (
                f'<sheetView workbookViewId="0"><pane ySplit="{self.frozen_rows}" topLeftCell="{top}" '
                'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView>'
            )
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
            f'<sheetViews>{view}</sheetViews><sheetFormatPr defaultRowHeight="15"/>'
            + (f"<cols>{cols}</cols>" if cols else "")
            + "<sheetData>"
            + "".join(self._rows)
            + "</sheetData></worksheet>"
        )

    def _styles_xml(self) -> str:
        fonts = ['<font><sz val="11"/><name val="Calibri"/></font>']
        fills = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>']
        xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']
        for style in self.styles:
            fonts.append(f'<font>{"<b/>" if style.bold else ""}<sz val="{style.size}"/><name val="Calibri"/></font>')
            font = len(fonts) - 1
            fill = 0
            if style.fill:
                fills.append(
                    f'<fill><patternFill patternType="solid"><fgColor rgb="FF{style.fill}"/>'
                    f'<bgColor indexed="64"/></patternFill></fill>'
                )
                fill = len(fills) - 1
            align = '<alignment vertical="top" wrapText="1"/>' if style.wrap else ""
            for quote in ("", ' quotePrefix="1"'):
                xfs.append(
                    f'<xf numFmtId="0" fontId="{font}" fillId="{fill}" borderId="0" xfId="0"{quote}'
                    f' applyFont="1" applyFill="1" applyAlignment="1">{align}</xf>'
                )
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
            f'<fonts count="{len(fonts)}">{"".join(fonts)}</fonts>'
            f'<fills count="{len(fills)}">{"".join(fills)}</fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        )

    def save(self) -> bytes:
        sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        parts = {
            "[Content_Types].xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                f'<Override PartName="/xl/workbook.xml" ContentType="{sheet_type}.sheet.main+xml"/>'
                f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{sheet_type}.worksheet+xml"/>'
                f'<Override PartName="/xl/styles.xml" ContentType="{sheet_type}.styles+xml"/>'
                "</Types>"
            ),
            "_rels/.rels": (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG_REL}">'
                f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ),
            "xl/workbook.xml": (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
                f'<sheets><sheet name="{escape(self.name[:31], {chr(34): "&quot;"})}" sheetId="1" r:id="rId1"/>'
                "</sheets></workbook>"
            ),
            "xl/_rels/workbook.xml.rels": (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG_REL}">'
                f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
                f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/></Relationships>'
            ),
            "xl/styles.xml": self._styles_xml(),
            "xl/worksheets/sheet1.xml": self._xml(),
        }
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for name, text in parts.items():
                archive.writestr(name, text.encode("utf-8"))
        return out.getvalue()
