"""Uploads are hostile until proven otherwise.

``inspect(data, allowed)`` decides what a file is from its bytes (never its name or the browser's
content type) and refuses, with a GOV.UK-style message, anything that is not a plain Word (.docx)
or Excel (.xlsx) file, or a PDF where attachments are allowed:

- too large, or empty;
- an OLE compound file (password-protected Office files and old .doc/.xls);
- a zip bomb: too many entries, too much uncompressed data, or a suspicious compression ratio;
- zip entries with absolute or parent paths, or encrypted entries;
- macros (``vbaProject.bin``, macro-enabled content types, ActiveX);
- XML with a DOCTYPE or entity declarations (XML external entities, "billion laughs");
- PDFs that are encrypted or carry JavaScript, launch actions or embedded files.

Nothing is stored until every check has passed.
"""

from __future__ import annotations

import enum
import io
import zipfile
from dataclasses import dataclass

import filetype
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.conf import settings

MAX_UPLOAD_BYTES = int(getattr(settings, "PORTAL_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
MAX_ZIP_ENTRIES = 1000
MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
MAX_ENTRY_RATIO = 120
MAX_XML_ENTRY_BYTES = 25 * 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"


class Kind(enum.Enum):
    DOCX = DOCX_TYPE
    XLSX = XLSX_TYPE
    PDF = PDF_TYPE


class UploadRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Inspected:
    kind: Kind
    content_type: str


def _allowed_words(allowed: frozenset[Kind]) -> str:
    names = [
        name
        for kind, name in ((Kind.DOCX, "Word (.docx)"), (Kind.XLSX, "Excel (.xlsx)"), (Kind.PDF, "PDF"))
        if kind in allowed
    ]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def inspect(data: bytes, allowed: frozenset[Kind]) -> Inspected:
    wanted = _allowed_words(allowed)
    if not data:
        raise UploadRefused("The selected file is empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRefused(f"The selected file must be smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)}MB")
    if data.startswith(OLE_MAGIC):
        raise UploadRefused(
            "The selected file is password-protected or in an old Office format. "
            f"Remove the password and save it as a {wanted} file, then upload it again"
        )
    if data.startswith(b"%PDF-"):
        if Kind.PDF not in allowed:
            raise UploadRefused(f"The selected file must be a {wanted} file")
        _check_pdf(data)
        return Inspected(Kind.PDF, PDF_TYPE)
    guessed = filetype.guess(data)
    if not data.startswith(b"PK\x03\x04") or (guessed is not None and guessed.extension not in {"zip", "docx", "xlsx"}):
        raise UploadRefused(f"The selected file must be a {wanted} file")
    kind = _check_office_zip(data, wanted)
    if kind not in allowed:
        raise UploadRefused(f"The selected file must be a {wanted} file")
    return Inspected(kind, kind.value)


def _check_pdf(data: bytes) -> None:
    lowered = data.lower()
    if b"/encrypt" in lowered:
        raise UploadRefused("The selected file is password-protected. Remove the password and upload it again")
    for marker in (b"/javascript", b"/js ", b"/js(", b"/launch", b"/embeddedfile", b"/richmedia", b"/xfa"):
        if marker in lowered:
            raise UploadRefused(
                "The selected PDF contains scripts or embedded files. Save it as a plain PDF and upload it again"
            )


def _check_office_zip(data: bytes, wanted: str) -> Kind:  # noqa: C901 - one flat list of checks, in order
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UploadRefused(f"The selected file must be a {wanted} file") from error
    if len(infos) > MAX_ZIP_ENTRIES:
        raise UploadRefused("The selected file contains too many parts to be checked safely")
    total = 0
    for info in infos:
        name = info.filename
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/"):
            raise UploadRefused(f"The selected file must be a {wanted} file")
        if info.flag_bits & 0x1:
            raise UploadRefused("The selected file is password-protected. Remove the password and upload it again")
        total += info.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise UploadRefused("The selected file expands to too much data to be checked safely")
        if info.compress_size and info.file_size / info.compress_size > MAX_ENTRY_RATIO and info.file_size > 1_000_000:
            raise UploadRefused("The selected file expands to too much data to be checked safely")
        lowered = name.lower()
        if lowered.endswith("vbaproject.bin") or "/activex/" in lowered or lowered.endswith("vbadata.xml"):
            raise UploadRefused(_macro_message(wanted))
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names:
        raise UploadRefused(f"The selected file must be a {wanted} file")
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels", ".vml")):
            _check_xml(archive, info, wanted)
    content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace").lower()
    if "macroenabled" in content_types or "vbaproject" in content_types:
        raise UploadRefused(_macro_message(wanted))
    if "word/document.xml" in names and "wordprocessingml.document.main+xml" in content_types:
        return Kind.DOCX
    if "xl/workbook.xml" in names and "spreadsheetml.sheet.main+xml" in content_types:
        return Kind.XLSX
    raise UploadRefused(f"The selected file must be a {wanted} file")


def _check_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo, wanted: str) -> None:
    if info.file_size > MAX_XML_ENTRY_BYTES:
        raise UploadRefused("The selected file expands to too much data to be checked safely")
    with archive.open(info) as handle:
        # Read one byte past the declared size: a lying header cannot make us read more.
        content = handle.read(info.file_size + 1)
    if len(content) > info.file_size:
        raise UploadRefused(f"The selected file must be a {wanted} file")
    head = content[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in content.lower():
        raise UploadRefused(_xml_message())
    try:
        fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise UploadRefused(_xml_message()) from error
    except Exception as error:  # malformed XML: not a document Word or Excel wrote
        raise UploadRefused(f"The selected file must be a {wanted} file") from error


def _macro_message(wanted: str) -> str:
    return f"The selected file contains macros. Save it as a {wanted} file without macros, then upload it again"


def _xml_message() -> str:
    return "The selected file contains content that cannot be accepted. Save it again from Word or Excel and upload it"
