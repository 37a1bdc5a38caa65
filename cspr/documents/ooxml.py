"""The few Word features python-docx has no API for, built as minimal OOXML elements.

Kept here, isolated, so the rest of the engine uses python-docx only: a real check box content
control (Word 2010 ``w14:checkbox``), a table-of-contents field, a PAGE field, repeated header rows,
cell shading, grid lines without a table style, one font without theme fonts, British English and the
"update fields on open" setting. ``new_document`` is where every Word file the product writes starts.
"""

from __future__ import annotations

from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

CHECKED = "☒"
UNCHECKED = "☐"


def _el(tag: str, **attrs: str) -> Any:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(key), value)
    return element


def add_checkbox(paragraph: Any, *, checked: bool, label: str) -> None:
    """Append a Word check box content control (ticks with a click in Word) to the paragraph."""
    sdt = _el("w:sdt")
    pr = _el("w:sdtPr")
    pr.append(_el("w:alias", **{"w:val": label[:60] or "Check box"}))
    box = _el("w14:checkbox")
    box.append(_el("w14:checked", **{"w14:val": "1" if checked else "0"}))
    box.append(_el("w14:checkedState", **{"w14:val": "2612", "w14:font": "MS Gothic"}))
    box.append(_el("w14:uncheckedState", **{"w14:val": "2610", "w14:font": "MS Gothic"}))
    pr.append(box)
    sdt.append(pr)
    content = _el("w:sdtContent")
    run = _el("w:r")
    rpr = _el("w:rPr")
    rpr.append(_el("w:rFonts", **{"w:ascii": "MS Gothic", "w:eastAsia": "MS Gothic", "w:hAnsi": "MS Gothic"}))
    run.append(rpr)
    text = _el("w:t")
    text.text = CHECKED if checked else UNCHECKED
    run.append(text)
    content.append(run)
    sdt.append(content)
    paragraph._p.append(sdt)


def _field_run(kind: str) -> Any:
    run = _el("w:r")
    run.append(_el("w:fldChar", **{"w:fldCharType": kind}))
    return run


def add_toc(document: Any, entries: list[tuple[int, str]]) -> None:
    """A TOC field over heading levels 1-3, with the headings already listed so the document reads
    correctly before Word refreshes the field (page numbers appear when it does)."""
    first = document.add_paragraph()
    first._p.append(_field_run("begin"))
    instr_run = _el("w:r")
    instr = _el("w:instrText", **{"xml:space": "preserve"})
    instr.text = ' TOC \\o "1-3" \\h \\z \\u '
    instr_run.append(instr)
    first._p.append(instr_run)
    first._p.append(_field_run("separate"))
    last = first
    for level, text in entries:
        last = document.add_paragraph(text)
        last.paragraph_format.left_indent = (level - 1) * 228600  # 0.25 inch per level, in EMU
    last._p.append(_field_run("end"))


def add_page_field(paragraph: Any) -> None:
    field = _el("w:fldSimple", **{"w:instr": "PAGE"})
    run = _el("w:r")
    text = _el("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(_el("w:tblHeader"))


def shade(cell: Any, fill: str = "D9D9D9") -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    tcpr.append(_el("w:shd", **{"w:val": "clear", "w:color": "auto", "w:fill": fill}))


_GRID = ("top", "left", "bottom", "right", "insideH", "insideV")


def grid_lines(table: Any) -> None:
    """Single grid lines and Word's usual cell margins, set on the table itself.

    Not through Word's "Table Grid" style: LibreOffice applies a table style cell by cell as it
    imports, which was a sixth of the time it took to turn Document 4 into a PDF (issue 15). The
    table looks the same in Word and in the PDF."""
    tblPr = table._tbl.tblPr
    borders = _el("w:tblBorders")
    for side in _GRID:
        borders.append(_el(f"w:{side}", **{"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": "auto"}))
    margins = _el("w:tblCellMar")
    margins.append(_el("w:left", **{"w:w": "108", "w:type": "dxa"}))
    margins.append(_el("w:right", **{"w:w": "108", "w:type": "dxa"}))
    # The schema's order: borders before layout, cell margins before the look.
    look = tblPr.find(qn("w:tblLook"))
    if look is None:
        tblPr.append(borders)
        tblPr.append(margins)
    else:
        look.addprevious(borders)
        look.addprevious(margins)


def style_cell_paragraphs(document: Any, style_id: str) -> None:
    """Give every paragraph in a table cell that has no style of its own the given paragraph style."""
    # Plain lxml: python-docx's ``style`` setter took a tenth of Document 4's Word render time.
    ppr_tag, pstyle_tag, val = qn("w:pPr"), qn("w:pStyle"), qn("w:val")
    for tc in document.element.body.iter(qn("w:tc")):
        for p in tc.iterchildren(qn("w:p")):
            ppr = p.find(ppr_tag)
            if ppr is None:
                ppr = p.makeelement(ppr_tag, {})
                p.insert(0, ppr)
            elif ppr.find(pstyle_tag) is not None:
                continue
            ppr.insert(0, ppr.makeelement(pstyle_tag, {val: style_id}))


_THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def one_font(document: Any, name: str) -> None:
    """Every style and the document's defaults in ``name``, with no theme font.

    python-docx's template names the theme's fonts (Calibri, Cambria) beside the font we set, and a
    theme font wins over a named one: headings came out in Calibri in Word and, where Calibri is not
    installed, in LibreOffice's fallback (DejaVu Sans) in the PDF."""
    for fonts in document.styles.element.iter(qn("w:rFonts")):
        for attr in _THEME_FONTS:
            fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attr), name)


def british_english(document: Any) -> None:
    """Mark the text as British English (python-docx's template says American English, with Japanese
    for East Asian text), so Word and LibreOffice check the spelling the toolkit uses."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for lang in defaults.iter(qn("w:lang")):
            lang.set(qn("w:val"), "en-GB")
            lang.set(qn("w:eastAsia"), "en-GB")
    for lang in document.settings.element.iter(qn("w:themeFontLang")):
        lang.set(qn("w:val"), "en-GB")
        lang.attrib.pop(qn("w:eastAsia"), None)


def new_document() -> Any:
    """A new python-docx document marked as British English: the start of every Word file we write."""
    document = docx.Document()
    british_english(document)
    return document


def update_fields_on_open(document: Any) -> None:
    settings = document.settings.element
    settings.append(_el("w:updateFields", **{"w:val": "true"}))


_W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
_STYLE_REFS = etree.XPath(
    ".//w:pStyle/@w:val | .//w:rStyle/@w:val | .//w:tblStyle/@w:val | .//w:numStyleLink/@w:val | .//w:styleLink/@w:val",
    namespaces=_W,
)
_STYLE_CHAIN = etree.XPath("./w:basedOn/@w:val | ./w:link/@w:val | ./w:next/@w:val", namespaces=_W)
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def prune_styles(document: Any) -> None:
    """Keep only the styles the document uses (with the defaults and what they are based on, linked
    to or followed by), and drop Word 2010's second copy of the styles (``stylesWithEffects``).

    python-docx's template carries 164 styles in 350 KB, plus 438 KB of ``stylesWithEffects``: most of
    what LibreOffice parsed to convert Document 4 to PDF, and most of the file (issue 15). Word and
    LibreOffice supply their built-in styles again when someone applies one; the text and its look
    are unchanged."""
    styles = document.styles.element
    by_id = {style.get(qn("w:styleId")): style for style in styles.iterchildren(qn("w:style"))}
    wanted: set[str] = {sid for sid, style in by_id.items() if style.get(qn("w:default")) in {"1", "true"}}
    for part in document.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is not None and element is not styles:
            wanted.update(str(ref) for ref in _STYLE_REFS(element))
    queue = list(wanted)
    while queue:
        style = by_id.get(queue.pop())
        if style is None:
            continue
        for ref in map(str, _STYLE_CHAIN(style)):
            if ref not in wanted:
                wanted.add(ref)
                queue.append(ref)
    for sid, style in by_id.items():
        if sid not in wanted:
            styles.remove(style)
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            document.part.drop_rel(rid)
