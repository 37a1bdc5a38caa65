"""Every piece of text a DOCX holds, read from its XML (zipfile + lxml), paragraph by paragraph.

A ``Unit`` is one paragraph's text joined across its runs (so a name split over three runs is one
string), with ``Segment``s mapping each stretch of it back to the text node (a *slot*) it came from,
so a replacement can be written back into the same runs, keeping their formatting. Parts read:

- ``word/document.xml``: body and tables; tracked insertions (``w:ins``) are part of the text and
  marked, tracked deletions (``w:delText``) are units of their own; pictures' names, titles and
  descriptions (alt text) are units too;
- headers, footers, footnotes, endnotes and comments;
- document properties: core (title, author…), app (company, manager…) and custom.

The same walk over a re-parsed part gives the same slots in the same order: ``glossary`` relies on it.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
P, T, DELTEXT, TAB, BR, CR = (W + x for x in ("p", "t", "delText", "tab", "br", "cr"))
INS, DEL, TBL, PSTYLE, OUTLINE = (W + x for x in ("ins", "del", "tbl", "pStyle", "outlineLvl"))
FOOTNOTE, ENDNOTE, COMMENT, HYPHEN = (W + x for x in ("footnote", "endnote", "comment", "noBreakHyphen"))
INSTR, VAL, AUTHOR, ID, TYPE = W + "instrText", W + "val", W + "author", W + "id", W + "type"
DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
CNVPR = "{http://schemas.openxmlformats.org/drawingml/2006/picture}cNvPr"
IMAGEDATA = "{urn:schemas-microsoft-com:vml}imagedata"
O_TITLE = "{urn:schemas-microsoft-com:office:office}title"
PICTURE_TAGS = {DOCPR: ("descr", "title", "name"), CNVPR: ("descr", "title", "name"), IMAGEDATA: (O_TITLE,)}

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)

# The fixed vocabulary of ``where`` (the command line's JSON and the findings page use it).
BODY, TABLE, HEADER, FOOTER, FOOTNOTE_W, COMMENT_W, TRACKED, PROPERTIES = (
    "body",
    "table",
    "header",
    "footer",
    "footnote",
    "comment",
    "tracked change",
    "properties",
)


class UnreadableDocx(ValueError):
    """Not a Word document we can read (not a zip, no document part, broken XML)."""


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    slot: int
    inserted: bool = False


@dataclass
class Unit:
    part: str
    where: str
    label: str  # "Paragraph 12", "Footnote 2", "Comment by Demo Reviewer", "Property: title"
    number: int
    text: str
    segments: list[Segment] = field(default_factory=list)
    style: str = ""
    outline: int | None = None
    picture: bool = False
    field_code: str = ""
    index: int = 0  # its place among its part's units (the glossary finds it again by it)

    def where_at(self, start: int, end: int) -> str:
        for s in self.segments:
            if s.inserted and s.start < end and start < s.end:
                return TRACKED
        return self.where


Slot = tuple[Any, str | None]  # (element, attribute name or None for its text)


def part_where(part: str) -> str | None:
    name = part.rsplit("/", 1)[-1]
    if part == "word/document.xml":
        return BODY
    if part.startswith("word/header"):
        return HEADER
    if part.startswith("word/footer"):
        return FOOTER
    if name in {"footnotes.xml", "endnotes.xml"}:
        return FOOTNOTE_W
    if name == "comments.xml":
        return COMMENT_W
    if part in {"docProps/core.xml", "docProps/app.xml", "docProps/custom.xml"}:
        return PROPERTIES
    return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _Paragraph:
    __slots__ = ("deleted", "fields", "outline", "pieces", "style")

    def __init__(self) -> None:
        self.pieces: list[tuple[str, int | None, bool]] = []
        self.deleted: list[tuple[str, int | None, bool]] = []
        self.style = ""
        self.outline: int | None = None
        self.fields = ""


class WordWalk:
    """Walks one WordprocessingML part; ``units`` and ``slots`` come out in document order."""

    def __init__(self, part: str, where: str) -> None:
        self.part = part
        self.where = where
        self.units: list[Unit] = []
        self.slots: list[Slot] = []
        self.count = 0
        self.label = ""

    def run(self, root: Any) -> WordWalk:
        self._visit(root, None, False, False, False)
        return self

    def _visit(self, el: Any, para: _Paragraph | None, in_table: bool, ins: bool, deleted: bool) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag in (T, DELTEXT):
                # Every text node is a slot, empty or not, so a re-parsed part gives the same slots.
                self.slots.append((child, None))
                if para is not None and child.text:
                    target = para.deleted if (deleted or tag == DELTEXT) else para.pieces
                    target.append((child.text, len(self.slots) - 1, ins))
                continue
            if tag == P:
                inner = _Paragraph()
                self._visit(child, inner, in_table, ins, deleted)
                self._emit(inner, in_table)
                continue
            if para is not None and self._inline(child, tag, para, ins, deleted):
                continue
            if tag == INSTR:
                continue
            if tag in PICTURE_TAGS:
                self._picture(child)
            if tag in (FOOTNOTE, ENDNOTE):
                if child.get(TYPE) in {"separator", "continuationSeparator", "continuationNotice"}:
                    continue
                self.label = f"{'Footnote' if tag == FOOTNOTE else 'Endnote'} {child.get(ID, '')}"
            elif tag == COMMENT:
                self.label = f"Comment by {child.get(AUTHOR, 'unknown')}"
            self._visit(child, para, in_table or tag == TBL, ins or tag == INS, deleted or tag == DEL)

    @staticmethod
    def _inline(child: Any, tag: str, para: _Paragraph, ins: bool, deleted: bool) -> bool:
        """Tabs, breaks, field codes and paragraph properties: True when handled."""
        if tag in (TAB, BR, CR, HYPHEN):
            (para.deleted if deleted else para.pieces).append(("-" if tag == HYPHEN else " ", None, ins))
        elif tag == INSTR:
            para.fields += child.text or ""
        elif tag == PSTYLE:
            para.style = child.get(VAL, "")
        elif tag == OUTLINE:
            value = child.get(VAL, "")
            para.outline = int(value) if value.isdigit() else None
        else:
            return False
        return True

    def _picture(self, el: Any) -> None:
        for attr in PICTURE_TAGS[el.tag]:
            value = el.get(attr)
            if value and value.strip():
                self.slots.append((el, attr))
                self.count += 1
                name = _local(attr)
                self.units.append(
                    Unit(
                        self.part,
                        self.where,
                        f"Picture {'alt text' if name == 'descr' else name}",
                        self.count,
                        value,
                        [Segment(0, len(value), len(self.slots) - 1)],
                        picture=True,
                    )
                )

    def _emit(self, para: _Paragraph, in_table: bool) -> None:
        self.count += 1
        where = TABLE if (in_table and self.where == BODY) else self.where
        label = self.label or f"{'Table, paragraph' if where == TABLE else 'Paragraph'} {self.count}"
        for pieces, deleted in ((para.pieces, False), (para.deleted, True)):
            if not pieces and not (not deleted and (para.style or para.fields)):
                continue
            text_parts = []
            segments = []
            pos = 0
            for text, slot, inserted in pieces:
                text_parts.append(text)
                if slot is not None:
                    segments.append(Segment(pos, pos + len(text), slot, inserted))
                pos += len(text)
            self.units.append(
                Unit(
                    self.part,
                    TRACKED if deleted else where,
                    f"{label} (deleted text)" if deleted else label,
                    self.count,
                    "".join(text_parts),
                    segments,
                    style=para.style,
                    outline=para.outline,
                    field_code=para.fields,
                )
            )


def properties_walk(part: str, root: Any) -> WordWalk:
    walk = WordWalk(part, PROPERTIES)
    for el in root.iter():
        if not isinstance(el.tag, str) or len(el):
            continue
        walk.slots.append((el, None))
        if not (el.text and el.text.strip()):
            continue
        name = _local(el.tag)
        if name in {"Application", "AppVersion", "DocSecurity", "Template", "TotalTime", "Pages", "Words"}:
            continue
        if name in {"Characters", "CharactersWithSpaces", "Lines", "Paragraphs", "ScaleCrop", "LinksUpToDate"}:
            continue
        if name in {"SharedDoc", "HyperlinksChanged", "created", "modified", "revision"}:
            continue
        parent = el.getparent()
        if parent is not None and parent.get("name"):
            name = parent.get("name")
        walk.count += 1
        walk.units.append(
            Unit(
                part,
                PROPERTIES,
                f"Property: {name}",
                walk.count,
                el.text,
                [Segment(0, len(el.text), len(walk.slots) - 1)],
            )
        )
    return walk


def walk_part(part: str, root: Any) -> WordWalk:
    where = part_where(part)
    assert where is not None
    walk = properties_walk(part, root) if where == PROPERTIES else WordWalk(part, where).run(root)
    for i, unit in enumerate(walk.units):
        unit.index = i
    return walk


SCANNED = re.compile(
    r"^(word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml|docProps/(core|app|custom)\.xml)$"
)


def parts_of(z: zipfile.ZipFile) -> list[str]:
    names = [n for n in z.namelist() if SCANNED.match(n)]
    order = {"body": 0, "header": 1, "footer": 2, "footnote": 3, "comment": 4, "properties": 5}
    return sorted(names, key=lambda n: (order.get(part_where(n) or "", 9), n))


def parse(data: bytes) -> Any:
    return etree.fromstring(data, PARSER)


def open_docx(data: bytes) -> zipfile.ZipFile:
    try:
        z = zipfile.ZipFile(_bytes_io(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UnreadableDocx("The file is not a Word (.docx) document") from error
    if "word/document.xml" not in z.namelist():
        raise UnreadableDocx("The file is not a Word (.docx) document: it has no document part")
    return z


def _bytes_io(data: bytes) -> Any:
    import io

    return io.BytesIO(data)


def units(data: bytes) -> list[Unit]:
    """Every unit of text in the document, body first, then headers, footers, notes, comments, properties."""
    z = open_docx(data)
    found: list[Unit] = []
    for part in parts_of(z):
        try:
            root = parse(z.read(part))
        except (etree.XMLSyntaxError, zipfile.BadZipFile, KeyError, ValueError) as error:
            raise UnreadableDocx(f"The file could not be read: {part} is damaged") from error
        found.extend(walk_part(part, root).units)
    return found


def plain_text(data: bytes) -> str:
    """The floor of the bench: every ``w:t`` of the body, joined (no structure, no other part)."""
    z = open_docx(data)
    root = parse(z.read("word/document.xml"))
    return "\n".join(t.text or "" for t in root.iter(T))
