"""Turning a document's markup (``markup.py``) and a context (``context.py``) into a Word file.

Everything goes through python-docx; the few elements it lacks come from ``ooxml.py``.
A value the record does not hold (``None``, empty) becomes the toolkit's own ``[insert …]``
placeholder, highlighted yellow so it stands out in Word and in the PDF, and is listed in
``Renderer.placeholders``. A key the context does not have at all is a programming error:
``MissingContextKey``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell, _Row

from cspr.documents import ooxml
from cspr.documents.markup import Block, Row

# {key}, {key|[insert …]}, {check:key=value}, **bold**, and the toolkit's bare placeholders.
_TOKEN = re.compile(
    r"\{(?P<check>check:)?(?P<key>[\w.]+)(?:=(?P<value>[^}|]*))?(?:\|(?P<placeholder>[^}]*))?\}"
    r"|\*\*(?P<bold>.+?)\*\*"
    r"|(?P<bare>\[(?:insert|Insert|INSERT|Add|Delete|The decision has been endorsed by INSERT)[^\]]*\]"
    r"|\((?:Insert|insert)[^)]*\)|Insert here [^.]*\.?|Insert relevant area [^\n]*|Include here [^\n]*"
    r"|Add appropriate signature for area\.?)"
)
# Characters XML 1.0 cannot carry; a pasted control character must not break the file.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_MISSING = object()
GENOGRAM_DESCRIPTION = (
    "Genogram: a family tree of the people in the case record, with their relationships and the households "
    "they live in."
)
_INSERT = re.compile(r"(\[insert [^\]]*\])")


class MissingContextKey(KeyError):
    """A template read a key that none of its document's context providers supplies."""


def clean(text: str) -> str:
    return _XML_INVALID.sub("", text)


def lookup(ctx: Mapping[str, Any], key: str) -> Any:
    value: Any = ctx
    for part in key.split("."):
        if value is None:
            return _MISSING
        if not isinstance(value, Mapping) or part not in value:
            raise MissingContextKey(key)
        value = value[part]
    if value is None or value == "" or value == [] or value == ():
        return _MISSING
    return value


def fmt(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return f"{value:%-d %B %Y, %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (list, tuple)):
        return "\n".join(fmt(v) for v in value)
    return clean(str(value))


def is_checked(ctx: Mapping[str, Any], key: str, wanted: str | None) -> bool:
    value = lookup(ctx, key)
    if value is _MISSING:
        return False
    if wanted is None:
        return bool(value)
    if isinstance(value, bool):
        return value is (wanted.lower() in {"yes", "true", "1"})
    if isinstance(value, (list, tuple, set, frozenset)):
        return wanted in {str(v) for v in value}
    return str(value) == wanted


class Renderer:
    def __init__(self, ctx: Mapping[str, Any], *, allow_genogram: bool) -> None:
        self.ctx = ctx
        self.allow_genogram = allow_genogram
        # The placeholders written, in order: where the record did not supply what the toolkit expects,
        # and the context keys that were empty there.
        self.placeholders: list[str] = []
        self.missing_keys: list[str] = []
        self.doc: Any = ooxml.new_document()
        self._setup()
        # Style ids looked up once: python-docx resolves a style name by scanning every style each
        # time, which made style lookups most of the rendering time.
        self.style_ids = {
            name: self.doc.styles[name].style_id
            for name in (
                "Heading 1",
                "Heading 2",
                "Heading 3",
                "List Bullet",
                "List Number",
                "Caption",
                "TOC Heading",
                "Table text",
            )
        }

    def _setup(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2))
        normal = self.doc.styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(11)
        normal.paragraph_format.space_after = Pt(6)
        for level, size in ((1, 16), (2, 13), (3, 12)):
            style = self.doc.styles[f"Heading {level}"]
            style.font.name = "Arial"
            style.font.size = Pt(size)
            style.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
        # What Word's "Table Grid" style did for text in cells (see ooxml.grid_lines): single line
        # spacing in place of the document default's 1.15; Normal's space after stays.
        table_text = self.doc.styles.add_style("Table text", WD_STYLE_TYPE.PARAGRAPH)
        table_text.base_style = normal
        table_text.paragraph_format.line_spacing = 1.0
        ooxml.one_font(self.doc, "Arial")

    # -- inline text -------------------------------------------------------------------------
    def runs(self, paragraph: Any, text: str, *, bold: bool = False) -> None:
        pos = 0
        for match in _TOKEN.finditer(text):
            if match.start() > pos:
                self._run(paragraph, text[pos : match.start()], bold=bold)
            pos = match.end()
            if match.group("bold") is not None:
                self.runs(paragraph, match.group("bold"), bold=True)
            elif match.group("bare") is not None:
                self._run(paragraph, match.group("bare"), bold=bold, placeholder=True)
            elif match.group("check"):
                ooxml.add_checkbox(
                    paragraph,
                    checked=is_checked(self.ctx, match.group("key"), match.group("value")),
                    label=match.group("key"),
                )
            else:
                self._value(paragraph, match.group("key"), match.group("placeholder"), bold=bold)
        if pos < len(text):
            self._run(paragraph, text[pos:], bold=bold)

    def _value(self, paragraph: Any, key: str, placeholder: str | None, *, bold: bool) -> None:
        value = lookup(self.ctx, key)
        if value is not _MISSING:
            # A derived value may keep part of the toolkit's placeholder ("suffered [insert serious injury]").
            for index, piece in enumerate(_INSERT.split(fmt(value))):
                if piece:
                    self._run(paragraph, piece, bold=bold, placeholder=index % 2 == 1)
            return
        if placeholder is not None and placeholder.startswith("="):  # the toolkit's own default wording
            self._run(paragraph, placeholder[1:], bold=bold)
            return
        if placeholder is None:
            placeholder = f"[insert {key.replace('_', ' ')}]"
        # Only words are highlighted; blank lines to write on ("____") are left plain.
        words = any(c.isalpha() for c in placeholder)
        if words:
            self.missing_keys.append(key)
        self._run(paragraph, placeholder, bold=bold, placeholder=words)

    def _run(self, paragraph: Any, text: str, *, bold: bool = False, placeholder: bool = False) -> None:
        run = paragraph.add_run(text)  # python-docx turns "\n" into a line break
        if bold:
            run.bold = True
        if placeholder:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            self.placeholders.append(text)
        if _RTL.search(text):
            run.font.rtl = True

    # -- blocks ------------------------------------------------------------------------------
    def render(self, blocks: Iterable[Block], *, title: str, footer: str, author: str) -> bytes:
        blocks = list(blocks)
        self.doc.core_properties.title = title
        self.doc.core_properties.author = clean(author)
        self._footer(footer)
        for index, block in enumerate(blocks):
            self.block(block, blocks[index + 1 :])
        ooxml.style_cell_paragraphs(self.doc, self.style_ids["Table text"])
        ooxml.prune_styles(self.doc)
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def _footer(self, text: str) -> None:
        paragraph = self.doc.sections[0].footer.paragraphs[0]
        run = paragraph.add_run(clean(text) + "   Page ")
        run.font.size = Pt(8)
        ooxml.add_page_field(paragraph)

    def block(self, block: Block, rest: list[Block]) -> None:
        kind = block.kind
        if kind == "heading":
            paragraph = self.paragraph(f"Heading {block.level}")
            self.runs(paragraph, block.text)
        elif kind == "table":
            self.table(block.rows)
        elif kind == "directive":
            self.directive(block, rest)
        else:
            paragraph = self.paragraph({"bullet": "List Bullet", "number": "List Number"}.get(kind))
            if kind == "right":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            self.runs(paragraph, block.text.replace(" // ", "\n"), bold=kind == "bold")
            if kind == "note":
                for run in paragraph.runs:
                    run.italic = True
                    run.font.size = Pt(9)

    def paragraph(self, style: str | None = None) -> Any:
        paragraph = self.doc.add_paragraph()
        if style is not None:
            paragraph._p.style = self.style_ids[style]
        return paragraph

    def new_table(self, rows: int, cols: int) -> Any:
        table = self.doc.add_table(rows=rows, cols=cols)
        ooxml.grid_lines(table)
        return table

    def directive(self, block: Block, rest: list[Block]) -> None:
        name = block.text
        if name == "pagebreak":
            self.doc.add_page_break()
        elif name == "landscape":
            section = self.doc.sections[0]
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
        elif name == "toc":
            heading = self.paragraph("TOC Heading")
            heading.add_run("Contents")
            entries = [(b.level, _plain(b.text)) for b in rest if b.kind == "heading"]
            ooxml.add_toc(self.doc, entries)
            ooxml.update_fields_on_open(self.doc)
        elif name == "letterhead":
            self.letterhead()
        elif name == "date":
            # ``[date sent_key]``: a letter the record says was sent keeps that date when re-rendered.
            paragraph = self.doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            sent = block.args[0] if block.args else ""
            key = sent if sent and lookup(self.ctx, sent) is not _MISSING else "today"
            self.runs(paragraph, f"Date: {{{key}|[insert date]}}")
        elif name == "signature":
            self.signature()
        elif name == "genogram":
            self.genogram()
        elif name == "box":
            key = block.args[0] if block.args else ""
            lines = int(block.args[1]) if len(block.args) > 1 else 4
            table = self.new_table(1, 1)
            self.cell(table.rows[0].cells[0], f"{{{key}|}}" if key else f"~{lines}", blank_lines=lines)

    def letterhead(self) -> None:
        logo = lookup(self.ctx, "partnership_logo")
        if isinstance(logo, bytes) and logo:
            paragraph = self.doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            try:
                paragraph.add_run().add_picture(io.BytesIO(logo), width=Cm(4))
            except Exception:
                self._run(paragraph, "Insert relevant area logo(s) here", placeholder=True)
        name = lookup(self.ctx, "partnership_name")
        lines: list[str] = []
        if name is not _MISSING:
            lines.append(fmt(name))
        for key in ("partnership_address", "partnership_phone", "partnership_email"):
            value = lookup(self.ctx, key)
            if value is not _MISSING:
                lines.extend(fmt(value).splitlines())
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if not lines:
            self._run(paragraph, "Insert relevant area logo(s) and address here", placeholder=True)
            return
        self._run(paragraph, lines[0], bold=True)
        for line in lines[1:]:
            self._run(paragraph, "\n" + line)

    def signature(self) -> None:
        paragraph = self.doc.add_paragraph()
        name = lookup(self.ctx, "signature_name")
        if name is _MISSING:
            self._run(paragraph, "Add appropriate signature for area", placeholder=True)
            return
        self._run(paragraph, "\n\n" + fmt(name), bold=True)
        for key in ("signature_role", "partnership_name"):
            value = lookup(self.ctx, key)
            if value is not _MISSING:
                self._run(paragraph, "\n" + fmt(value))

    def genogram(self) -> None:
        if not self.allow_genogram:
            return
        png = lookup(self.ctx, "genogram_png")
        if not self.allow_genogram or not isinstance(png, bytes) or not png:
            return
        paragraph = self.doc.add_paragraph()
        picture = paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(16))
        # Alternative text, read out in Word and carried into the tagged PDF (it was missing).
        picture._inline.docPr.set("descr", GENOGRAM_DESCRIPTION)
        caption = self.paragraph("Caption")
        caption.add_run("Genogram of the family (shared with the review; never published)")

    # -- tables ------------------------------------------------------------------------------
    def table(self, rows: tuple[Row, ...]) -> None:
        widths = next((r.cells for r in rows if r.widths), ())
        rows = tuple(r for r in rows if not r.widths)
        width = max(len(r.cells) for r in rows)
        planned: list[tuple[list[str], bool, bool]] = []  # cells, header, literal
        for row in rows:
            if row.repeat_key:
                planned.extend((cells, False, True) for cells in self._repeat_values(row))
            else:
                planned.append((list(row.cells), row.header, False))
        # All rows at once: python-docx builds a whole table in one step, whereas add_row()
        # recomputes the grid for every row.
        table = self.new_table(len(planned), width)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        if len(widths) == width:
            self._widths(table, [int(w) for w in widths])
        for tr, (cells, header, literal) in zip(table._tbl.tr_lst, planned, strict=True):
            tcs = list(tr.tc_lst)
            if len(cells) < width:  # the last cell spans the rest of the row
                last = tcs[len(cells) - 1]
                last.grid_span = width - len(cells) + 1
                for extra in tcs[len(cells) :]:
                    tr.remove(extra)
                tcs = tcs[: len(cells)]
            for tc, text in zip(tcs, cells, strict=False):
                target = _Cell(tc, table)
                if literal:
                    self._literal_cell(target, text)
                else:
                    self.cell(target, text, bold=header)
                if header:
                    ooxml.shade(target)
            if header:
                ooxml.repeat_header(_Row(tr, table))
        self.doc.add_paragraph()

    def _widths(self, table: Any, percents: list[int]) -> None:
        """Column widths as percentages of the text width (on the grid and every cell, for Word and LibreOffice)."""
        section = self.doc.sections[0]
        text_width = section.page_width - section.left_margin - section.right_margin
        emus = [int(text_width * p / 100) for p in percents]
        table.autofit = False
        for grid_col, emu in zip(table._tbl.tblGrid.gridCol_lst, emus, strict=False):
            grid_col.w = emu
        for tr in table._tbl.tr_lst:
            for tc, emu in zip(tr.tc_lst, emus, strict=False):
                tc.width = emu

    def _repeat_values(self, row: Row) -> list[list[str]]:
        items = lookup(self.ctx, row.repeat_key)
        found: list[list[str]] = []
        if items is not _MISSING and isinstance(items, (list, tuple)):
            for item in items:
                values = []
                for name in row.fields:
                    if name.startswith('"'):
                        values.append(name.strip('"'))
                        continue
                    if not name:  # a column left for the agency to fill in
                        values.append("")
                        continue
                    value = lookup(item, name) if isinstance(item, Mapping) else _MISSING
                    values.append("" if value is _MISSING else fmt(value))
                found.append(values)
        found.extend([""] * len(row.fields) for _ in range(max(0, row.minimum - len(found))))
        return found

    def _literal_cell(self, cell: Any, text: str) -> None:
        paragraph = cell.paragraphs[0]
        if text:
            self._run(paragraph, text)

    def cell(self, cell: Any, text: str, *, bold: bool = False, blank_lines: int = 0) -> None:
        for index, part in enumerate(text.split(" // ")):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            blank = re.fullmatch(r"~(\d+)", part)
            only_key = re.fullmatch(r"\{([\w.]+)\|(?:~(\d+))?\}", part)
            if blank:
                paragraph.add_run("\n" * (int(blank.group(1)) - 1))
            elif only_key:  # an answer box: the value, or room to write by hand
                value = lookup(self.ctx, only_key.group(1))
                if value is _MISSING:
                    paragraph.add_run("\n" * max(0, int(only_key.group(2) or blank_lines or 1) - 1))
                else:
                    self._run(paragraph, fmt(value))
            else:
                self.runs(paragraph, part, bold=bold)


def _plain(text: str) -> str:
    return re.sub(r"\{[^}]*\}|\*\*", "", text).strip()


@dataclass(frozen=True)
class Rendered:
    data: bytes
    placeholders: list[str]  # the placeholder texts left in the document
    missing_keys: list[str]  # the context keys those placeholders stand for


def render_docx(
    blocks: Iterable[Block], ctx: Mapping[str, Any], *, title: str, footer: str, author: str, allow_genogram: bool
) -> Rendered:
    renderer = Renderer(ctx, allow_genogram=allow_genogram)
    data = renderer.render(blocks, title=title, footer=footer, author=author)
    return Rendered(data, renderer.placeholders, renderer.missing_keys)
