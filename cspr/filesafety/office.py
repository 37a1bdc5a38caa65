"""Word (.docx) and Excel (.xlsx) files checked by their zip, relationships and parts, and counted
from their XML before any library parses them.

Every XML part is read once with a streaming expat parser (no tree is built, memory stays flat):
a DOCTYPE or entity declaration stops it at once (XML external entities, "billion laughs"), and
the parts, sheets, rows, cells, merged ranges and table rows it meets are counted against
``Bounds``, so a small file built to be slow (a table of vertically merged cells, a workbook of
dozens of full sheets) is refused in milliseconds, before python-docx or openpyxl see it.

Relationships are read from every ``.rels`` part: anything external other than a hyperlink (a
remote ``attachedTemplate``, a linked workbook, a frame) is refused, and so are embedded OLE
objects and packages, ActiveX controls and macros, whatever the parts are called.
"""

from __future__ import annotations

import io
import pyexpat
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from lxml import etree

from cspr.filesafety import errors
from cspr.filesafety.errors import UploadRefused

MAX_ZIP_ENTRIES = 1000
MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
MAX_ENTRY_RATIO = 120
MAX_XML_PART_BYTES = 25 * 1024 * 1024
READ_CHUNK = 64 * 1024

# Relationship types (the last part of the Type URI) that bring in code or another program's file.
EMBEDDING_TYPES = {"oleObject", "package", "control", "activeXControl", "activeXControlBinary", "aFChunk"}
MACRO_TYPES = {"vbaProject", "wordVbaData", "vbaProjectSignature", "keyMapCustomizations", "toolbars"}
# Relationship types that fetch something from elsewhere even when they point inside the package.
LINKING_TYPES = {"subDocument", "externalLink", "externalLinkPath", "frame"}
# The only relationship that may point outside the file: a hyperlink the reader chooses to follow.
EXTERNAL_ALLOWED = {"hyperlink"}
MACRO_CONTENT_WORDS = ("macroenabled", "vbaproject", "vbadata", "activex", "oleobject")
# Word fields that pull content in from elsewhere or run another program.
LINKING_FIELDS = ("DDE", "DDEAUTO", "INCLUDETEXT", "INCLUDEPICTURE", "LINK", "IMPORT")


@dataclass(frozen=True)
class Bounds:
    """How much a file may contain before we refuse to open it. Real returns are far below these."""

    xml_elements: int = 1_000_000
    sheets: int = 20
    sheet_rows: int = 25_000  # across the workbook
    sheet_cells: int = 250_000
    merged_ranges: int = 2_000
    table_rows: int = 6_000  # across the Word document
    table_cells: int = 100_000
    vertical_merges: int = 5_000


DEFAULT_BOUNDS = Bounds()


@dataclass
class Counts:
    xml_elements: int = 0
    sheets: int = 0
    sheet_rows: int = 0
    sheet_cells: int = 0
    merged_ranges: int = 0
    table_rows: int = 0
    table_cells: int = 0
    vertical_merges: int = 0
    shared_strings: int = 0


def check(
    data: bytes, wanted: str, bounds: Bounds = DEFAULT_BOUNDS, kinds: frozenset[str] = frozenset({"docx", "xlsx"})
) -> str:
    """Return "docx" or "xlsx" (one of ``kinds``), or raise ``UploadRefused`` with the reason."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UploadRefused(errors.wrong_type(wanted)) from error
    names = {info.filename for info in infos}
    # A workbook where only Word is taken (or the reverse) is refused before any part is read.
    looks_like = "docx" if "word/document.xml" in names else "xlsx" if "xl/workbook.xml" in names else ""
    if looks_like not in kinds or "[Content_Types].xml" not in names:
        raise UploadRefused(errors.wrong_type(wanted))
    _check_entries(infos, wanted)
    counts = Counts()
    # [Content_Types].xml first: a part is XML (and read as such by python-docx or openpyxl) by its
    # declared type, whatever its name, so every such part is scanned and counted.
    types: dict[str, str] = {}
    by_name = {info.filename: info for info in infos}
    _scan_part(archive, by_name["[Content_Types].xml"], "types", wanted, counts, bounds, types)
    parts = []
    for info in infos:
        if info.filename == "[Content_Types].xml":
            continue
        declared = types.get("part:/" + info.filename.lower()) or types.get(
            "ext:" + info.filename.rpartition(".")[2].lower(), ""
        )
        if _is_xml(info.filename.lower(), declared.lower()):
            parts.append((info, _part_kind(info.filename.lower(), declared.lower())))
    # Small parts first: the workbook's sheet list and the relationships are read before any
    # large worksheet, so a workbook of too many sheets stops before its first row is counted.
    for info, kind in sorted(parts, key=lambda item: (item[0].file_size, item[0].filename)):
        _scan_part(archive, info, kind, wanted, counts, bounds, types)
    joined = " ".join(types.values()).lower()
    if any(word in joined for word in MACRO_CONTENT_WORDS):
        raise UploadRefused(errors.macro_message(wanted))
    if "word/document.xml" in names and "wordprocessingml.document.main+xml" in joined:
        return "docx"
    if "xl/workbook.xml" in names and "spreadsheetml.sheet.main+xml" in joined:
        return "xlsx"
    raise UploadRefused(errors.wrong_type(wanted))


def _check_entries(infos: list[zipfile.ZipInfo], wanted: str) -> None:
    if len(infos) > MAX_ZIP_ENTRIES:
        raise UploadRefused("The selected file contains too many parts to be checked safely")
    total = 0
    for info in infos:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
            raise UploadRefused(errors.wrong_type(wanted))
        if info.flag_bits & 0x1:
            raise UploadRefused(errors.LOCKED_FILE)
        total += info.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise UploadRefused(errors.TOO_BIG_INSIDE)
        if info.compress_size and info.file_size / info.compress_size > MAX_ENTRY_RATIO and info.file_size > 1_000_000:
            raise UploadRefused(errors.TOO_BIG_INSIDE)
        lowered = name.lower()
        if lowered.endswith(("vbaproject.bin", "vbadata.xml")) or "/activex/" in lowered:
            raise UploadRefused(errors.macro_message(wanted))
        if "/embeddings/" in lowered and not _chart_workbook(lowered):
            raise UploadRefused(errors.EMBEDDED_OBJECT)


def _chart_workbook(name: str) -> bool:
    """A chart's own data is an .xlsx package under embeddings/: Word and Excel write one per chart."""
    return name.endswith(".xlsx")


def _scan_part(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    kind: str,
    wanted: str,
    counts: Counts,
    bounds: Bounds,
    types: dict[str, str],
) -> None:
    if info.file_size > MAX_XML_PART_BYTES:
        raise UploadRefused(errors.TOO_BIG_INSIDE)
    if kind == "worksheet":
        _scan_worksheet(archive, info, wanted, counts, bounds)
        return
    part = _Part(kind, wanted, counts, bounds, types)
    parser = pyexpat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    if part.kind:  # styles, themes, settings and the like are only checked for DTDs and well-formedness
        parser.StartElementHandler = part.start
    if part.word:  # field codes are text: only Word parts pay for text callbacks
        parser.EndElementHandler = part.end
        parser.CharacterDataHandler = part.text
    # Any DTD at all is refused the moment the parser meets it: nothing is declared, expanded or fetched.
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse_entity
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(READ_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Refuse:
        raise UploadRefused(errors.xml_message()) from None
    except (pyexpat.ExpatError, zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        # Malformed XML, or a zip entry whose data does not match its header: not a file Word or Excel wrote.
        raise UploadRefused(errors.wrong_type(wanted)) from error


# Word parts that hold the text a reader sees: tables, merged cells and fields live here.
WORD_CONTENT = ("document", "header", "footer", "footnotes", "endnotes", "comments")


def _is_xml(name: str, declared: str) -> bool:
    return name.endswith((".xml", ".rels", ".vml")) or declared.endswith("+xml") or declared in XML_TYPES


XML_TYPES = {"application/xml", "text/xml"}


def _part_kind(name: str, declared: str) -> str:
    """Which callbacks a part needs, by its declared content type or its usual name; "" for none."""
    if name.endswith(".rels"):
        return "rels"
    if "spreadsheetml.worksheet+xml" in declared or name.startswith("xl/worksheets/"):
        return "worksheet"
    if (
        name == "xl/workbook.xml"
        or name.startswith("xl/externallinks/")
        or name == "xl/sharedstrings.xml"
        or any(word in declared for word in ("sheet.main+xml", "externallink+xml", "sharedstrings+xml"))
    ):
        return "xl"
    word_type = "wordprocessingml" in declared and any(word in declared for word in WORD_CONTENT_TYPES)
    if word_type or (name.startswith("word/") and name.rpartition("/")[2].startswith(WORD_CONTENT)):
        return "word"
    return ""


WORD_CONTENT_TYPES = ("document.main", "template.main", "header", "footer", "footnotes", "endnotes", "comments")


def _scan_worksheet(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, wanted: str, counts: Counts, bounds: Bounds
) -> None:
    """A worksheet is mostly cells: lxml matches rows in C and we count each row's cells with len(),
    one Python step per row instead of several per cell. Entities are never resolved, nothing is
    fetched, and a DOCTYPE is refused as soon as the first row (or the end) shows one."""
    rows = etree.iterparse(
        archive.open(info),
        events=("end",),
        tag=("{*}row", "{*}mergeCell", "{*}externalReference"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
    )
    checked = False
    try:
        for _, element in rows:
            if not checked:
                if element.getroottree().docinfo.doctype:
                    raise UploadRefused(errors.xml_message())
                checked = True
            local = element.tag.rpartition("}")[2]
            if local == "row":
                _count_row(element, counts, bounds)
            elif local == "mergeCell":
                counts.merged_ranges += 1
                if counts.merged_ranges > bounds.merged_ranges:
                    raise _too_many("merged cells")
            else:
                raise UploadRefused(errors.EXTERNAL_LINK)
        root = rows.root
        if root is None or root.getroottree().docinfo.doctype:
            raise UploadRefused(errors.xml_message())
    except etree.XMLSyntaxError as error:
        raise UploadRefused(errors.wrong_type(wanted)) from error
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise UploadRefused(errors.wrong_type(wanted)) from error


def _count_row(element: Any, counts: Counts, bounds: Bounds) -> None:
    counts.sheet_rows += 1
    counts.sheet_cells += len(element)
    if counts.sheet_rows > bounds.sheet_rows:
        raise _too_many("rows")
    if counts.sheet_cells > bounds.sheet_cells:
        raise _too_many("cells")
    # Rows already counted are dropped, so memory stays flat however long the sheet.
    element.clear()
    while element.getprevious() is not None:
        del element.getparent()[0]


class _Refuse(Exception):
    pass


def _refuse(*_: object) -> None:
    raise _Refuse


def _refuse_entity(*_: object) -> int:
    raise _Refuse


def _too_many(what: str) -> UploadRefused:
    return UploadRefused(f"The selected file has too many {what} to be checked safely. Split it into smaller files")


class _Part:
    """expat callbacks for one part: count what costs a library time to parse, and refuse what is dangerous.

    Called once per element, so each callback does as little as it can.
    """

    def __init__(self, kind: str, wanted: str, counts: Counts, bounds: Bounds, types: dict[str, str]) -> None:
        self.wanted, self.counts, self.bounds, self.types = wanted, counts, bounds, types
        self.kind = kind
        self.word = kind == "word"
        self.in_instr = False
        self.instr: list[str] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        counts = self.counts
        counts.xml_elements += 1
        if counts.xml_elements > self.bounds.xml_elements:
            raise UploadRefused("The selected file is too complex to be checked safely. Split it into smaller files")
        kind = self.kind
        if kind == "xl":
            self._spreadsheet(name)
        elif kind == "word":
            self._word(name, attrs)
        elif kind == "rels":
            if name.endswith("Relationship"):
                _relationship(attrs, self.wanted)
        elif kind == "types":
            if name.endswith("}Default"):
                self.types["ext:" + attrs.get("Extension", "").lower()] = attrs.get("ContentType", "")
            elif name.endswith("}Override"):
                self.types["part:" + attrs.get("PartName", "").lower()] = attrs.get("ContentType", "")

    def _spreadsheet(self, name: str) -> None:
        counts, bounds = self.counts, self.bounds
        if name.endswith("}c"):
            counts.sheet_cells += 1
            if counts.sheet_cells > bounds.sheet_cells:
                raise _too_many("cells")
        elif name.endswith("}row"):
            counts.sheet_rows += 1
            if counts.sheet_rows > bounds.sheet_rows:
                raise _too_many("rows")
        elif name.endswith("}mergeCell"):
            counts.merged_ranges += 1
            if counts.merged_ranges > bounds.merged_ranges:
                raise _too_many("merged cells")
        elif name.endswith("}sheet"):
            counts.sheets += 1
            if counts.sheets > bounds.sheets:
                raise UploadRefused(
                    f"The selected file has more than {bounds.sheets} sheets. Split it into smaller files"
                )
        elif name.endswith("}si"):
            # openpyxl loads every shared string, even to read one sheet: as many as cells at most.
            counts.shared_strings += 1
            if counts.shared_strings > bounds.sheet_cells:
                raise _too_many("cells")
        elif name.endswith("}externalReference"):
            raise UploadRefused(errors.EXTERNAL_LINK)

    def _word(self, name: str, attrs: dict[str, str]) -> None:
        counts, bounds = self.counts, self.bounds
        if name.endswith("}tc"):
            counts.table_cells += 1
            if counts.table_cells > bounds.table_cells:
                raise _too_many("table cells")
        elif name.endswith("}tr"):
            counts.table_rows += 1
            if counts.table_rows > bounds.table_rows:
                raise _too_many("table rows")
        elif name.endswith("}vMerge"):
            if _local_attr(attrs, "val") in (None, "continue"):
                counts.vertical_merges += 1
                if counts.vertical_merges > bounds.vertical_merges:
                    raise _too_many("merged cells")
        elif name.endswith("}instrText"):
            self.in_instr = True
        elif name.endswith("}fldChar"):
            # A field's code may be split over many runs: read it whole, up to its result or end.
            if _local_attr(attrs, "fldCharType") in ("separate", "end"):
                _field_code("".join(self.instr))
            self.instr.clear()
        elif name.endswith("}fldSimple"):
            _field_code(_local_attr(attrs, "instr") or "")

    def end(self, name: str) -> None:
        if self.in_instr and name.endswith("}instrText"):
            self.in_instr = False

    def text(self, data: str) -> None:
        if self.in_instr:
            self.instr.append(data)


def _relationship(attrs: dict[str, str], wanted: str) -> None:
    kind = attrs.get("Type", "").rstrip("/").rpartition("/")[2]
    if kind in MACRO_TYPES:
        raise UploadRefused(errors.macro_message(wanted))
    if kind in EMBEDDING_TYPES and not (kind == "package" and attrs.get("Target", "").lower().endswith(".xlsx")):
        raise UploadRefused(errors.EMBEDDED_OBJECT)
    if kind in LINKING_TYPES:
        raise UploadRefused(errors.EXTERNAL_LINK)
    external = attrs.get("TargetMode", "").lower() == "external"
    if kind == "attachedTemplate":
        # Documents made from an organisation's template name it by its path on the author's computer
        # (file:///C:/...); only a template fetched from elsewhere (web, network share) is an attack.
        if external and _remote(attrs.get("Target", "")):
            raise UploadRefused(errors.EXTERNAL_LINK)
    elif external and kind not in EXTERNAL_ALLOWED:
        raise UploadRefused(errors.EXTERNAL_LINK)


def _remote(target: str) -> bool:
    target = target.strip().lower().replace("\\", "/")
    if re.match(r"^(file:///)?[a-z]:/", target):
        return False  # a path on the author's own computer
    return target.startswith("//") or re.match(r"^[a-z][a-z0-9+.-]*:", target) is not None


def _field_code(code: str) -> None:
    words = code.strip().split()
    if words and words[0].upper() in LINKING_FIELDS:
        raise UploadRefused(errors.EXTERNAL_LINK)


def _local_attr(attrs: dict[str, str], name: str) -> str | None:
    for key, value in attrs.items():
        if key.rpartition("}")[2] == name:
            return value
    return None
