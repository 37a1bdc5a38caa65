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
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

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
LINKING_TYPES = {"attachedTemplate", "subDocument", "externalLink", "externalLinkPath", "frame"}
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


def check(data: bytes, wanted: str, bounds: Bounds = DEFAULT_BOUNDS) -> str:
    """Return "docx" or "xlsx", or raise ``UploadRefused`` with the reason."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UploadRefused(errors.wrong_type(wanted)) from error
    _check_entries(infos, wanted)
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names:
        raise UploadRefused(errors.wrong_type(wanted))
    counts = Counts()
    # Small parts first: the workbook's sheet list and the relationships are read before any
    # large worksheet, so a workbook of too many sheets stops before its first row is counted.
    xml_parts = sorted(
        (i for i in infos if i.filename.lower().endswith((".xml", ".rels", ".vml"))),
        key=lambda i: (i.file_size, i.filename),
    )
    content_types: list[str] = []
    for info in xml_parts:
        _scan_part(archive, info, wanted, counts, bounds, content_types)
    joined = " ".join(content_types).lower()
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
    wanted: str,
    counts: Counts,
    bounds: Bounds,
    content_types: list[str],
) -> None:
    if info.file_size > MAX_XML_PART_BYTES:
        raise UploadRefused(errors.TOO_BIG_INSIDE)
    name = info.filename
    on_start = _handler_for(name, wanted, counts, bounds, content_types)
    with archive.open(info) as handle:
        _stream(handle, on_start, counts, bounds, wanted)


def _handler_for(
    name: str, wanted: str, counts: Counts, bounds: Bounds, content_types: list[str]
) -> Callable[[str, dict[str, str]], None]:
    lowered = name.lower()
    if lowered.endswith(".rels"):
        return lambda local, attrs: _relationship(local, attrs, wanted)
    if lowered == "[content_types].xml":

        def content(local: str, attrs: dict[str, str]) -> None:
            if local in {"Default", "Override"}:
                content_types.append(attrs.get("ContentType", ""))

        return content
    if lowered.startswith("xl/"):
        return lambda local, attrs: _spreadsheet(local, counts, bounds)
    if lowered.startswith("word/"):
        return lambda local, attrs: _word(local, attrs, counts, bounds)
    return lambda local, attrs: None


def _relationship(local: str, attrs: dict[str, str], wanted: str) -> None:
    if local != "Relationship":
        return
    kind = attrs.get("Type", "").rstrip("/").rpartition("/")[2]
    if kind in MACRO_TYPES:
        raise UploadRefused(errors.macro_message(wanted))
    if kind in EMBEDDING_TYPES and not (kind == "package" and attrs.get("Target", "").lower().endswith(".xlsx")):
        raise UploadRefused(errors.EMBEDDED_OBJECT)
    if kind in LINKING_TYPES:
        raise UploadRefused(errors.EXTERNAL_LINK)
    if attrs.get("TargetMode", "").lower() == "external" and kind not in EXTERNAL_ALLOWED:
        raise UploadRefused(errors.EXTERNAL_LINK)


def _too_many(what: str) -> UploadRefused:
    return UploadRefused(f"The selected file has too many {what} to be checked safely. Split it into smaller files")


def _spreadsheet(local: str, counts: Counts, bounds: Bounds) -> None:
    if local == "sheet":
        counts.sheets += 1
        if counts.sheets > bounds.sheets:
            raise UploadRefused(f"The selected file has more than {bounds.sheets} sheets. Split it into smaller files")
    elif local == "row":
        counts.sheet_rows += 1
        if counts.sheet_rows > bounds.sheet_rows:
            raise _too_many("rows")
    elif local == "c":
        counts.sheet_cells += 1
        if counts.sheet_cells > bounds.sheet_cells:
            raise _too_many("cells")
    elif local == "mergeCell":
        counts.merged_ranges += 1
        if counts.merged_ranges > bounds.merged_ranges:
            raise _too_many("merged cells")
    elif local == "externalReference":
        raise UploadRefused(errors.EXTERNAL_LINK)


def _word(local: str, attrs: dict[str, str], counts: Counts, bounds: Bounds) -> None:
    if local == "tr":
        counts.table_rows += 1
        if counts.table_rows > bounds.table_rows:
            raise _too_many("table rows")
    elif local == "tc":
        counts.table_cells += 1
        if counts.table_cells > bounds.table_cells:
            raise _too_many("table cells")
    elif local == "vMerge" and _local_attr(attrs, "val") in (None, "continue"):
        counts.vertical_merges += 1
        if counts.vertical_merges > bounds.vertical_merges:
            raise _too_many("merged cells")
    elif local == "fldSimple":
        _field_code(_local_attr(attrs, "instr") or "")


def _field_code(code: str) -> None:
    words = code.strip().split()
    if words and words[0].upper() in LINKING_FIELDS:
        raise UploadRefused(errors.EXTERNAL_LINK)


def _local_attr(attrs: dict[str, str], name: str) -> str | None:
    for key, value in attrs.items():
        if key.rpartition("}")[2] == name:
            return value
    return None


class _Refuse(Exception):
    pass


class _Part:
    """expat callbacks for one part: count elements, read Word field codes, refuse any DTD."""

    def __init__(self, on_start: Callable[[str, dict[str, str]], None], counts: Counts, bounds: Bounds) -> None:
        self.on_start, self.counts, self.bounds = on_start, counts, bounds
        self.in_instr = False
        self.instr: list[str] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.counts.xml_elements += 1
        if self.counts.xml_elements > self.bounds.xml_elements:
            raise UploadRefused("The selected file is too complex to be checked safely. Split it into smaller files")
        local = name.rpartition("}")[2]
        if local == "instrText":
            self.in_instr = True
        elif local == "fldChar":
            # A field's code may be split over many runs: read it whole, up to its result or end.
            if _local_attr(attrs, "fldCharType") in ("separate", "end"):
                _field_code("".join(self.instr))
            self.instr.clear()
        self.on_start(local, attrs)

    def end(self, name: str) -> None:
        if name.endswith("}instrText"):
            self.in_instr = False

    def text(self, data: str) -> None:
        if self.in_instr:
            self.instr.append(data)

    @staticmethod
    def refuse(*_: object) -> None:
        raise _Refuse

    @staticmethod
    def refuse_entity(*_: object) -> int:
        raise _Refuse


def _stream(
    handle: IO[bytes],
    on_start: Callable[[str, dict[str, str]], None],
    counts: Counts,
    bounds: Bounds,
    wanted: str,
) -> None:
    part = _Part(on_start, counts, bounds)
    parser = pyexpat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = part.start
    parser.EndElementHandler = part.end
    parser.CharacterDataHandler = part.text
    # Any DTD at all is refused the moment the parser meets it: nothing is declared, expanded or fetched.
    parser.StartDoctypeDeclHandler = part.refuse
    parser.EntityDeclHandler = part.refuse
    parser.ExternalEntityRefHandler = part.refuse_entity
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        while chunk := handle.read(READ_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Refuse:
        raise UploadRefused(errors.xml_message()) from None
    except (pyexpat.ExpatError, zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        # Malformed XML, or a zip entry whose data does not match its header: not a file Word or Excel wrote.
        raise UploadRefused(errors.wrong_type(wanted)) from error
