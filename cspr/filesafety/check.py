"""Uploads are hostile until proven otherwise.

``inspect(data, allowed)`` decides what a file is from its bytes (never its name or the browser's
content type) and refuses, with a GOV.UK-style message, anything that is not a plain Word (.docx)
or Excel (.xlsx) file, or a PDF where it is allowed:

- too large, or empty;
- an OLE compound file (password-protected Office files and old .doc/.xls);
- Office files: see ``cspr.filesafety.office`` (zip bombs, paths, DTDs, macros, embedded objects,
  external links, and too many parts, sheets, rows, cells or merged cells to parse quickly);
- PDFs: see ``cspr.filesafety.pdf`` (encrypted, JavaScript, active or automatic actions, embedded files).

Nothing is stored until every check has passed. Every upload point calls this first: the agency
portal (attachments and Word returns) and the chronology import.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import filetype

from cspr.filesafety import errors, office, pdf
from cspr.filesafety.errors import UploadRefused

logger = logging.getLogger(__name__)
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"


class Kind(enum.Enum):
    DOCX = DOCX_TYPE
    XLSX = XLSX_TYPE
    PDF = PDF_TYPE


@dataclass(frozen=True)
class Inspected:
    kind: Kind
    content_type: str


def allowed_words(allowed: frozenset[Kind]) -> str:
    names = [
        name
        for kind, name in ((Kind.DOCX, "Word (.docx)"), (Kind.XLSX, "Excel (.xlsx)"), (Kind.PDF, "PDF"))
        if kind in allowed
    ]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def inspect(
    data: bytes,
    allowed: frozenset[Kind],
    *,
    max_bytes: int = MAX_UPLOAD_BYTES,
    bounds: office.Bounds = office.DEFAULT_BOUNDS,
) -> Inspected:
    wanted = allowed_words(allowed)
    first_bytes(data, allowed, max_bytes=max_bytes)
    if data.startswith(b"%PDF-"):
        with _refusing(pdf.UNREADABLE):
            pdf.check(data)
        return Inspected(Kind.PDF, PDF_TYPE)
    guessed = filetype.guess(data)
    if not data.startswith(b"PK\x03\x04") or (guessed is not None and guessed.extension not in {"zip", "docx", "xlsx"}):
        raise UploadRefused(errors.wrong_type(wanted))
    kinds = frozenset(name for name, k in (("docx", Kind.DOCX), ("xlsx", Kind.XLSX)) if k in allowed)
    with _refusing(errors.wrong_type(wanted)):
        kind = Kind.DOCX if office.check(data, wanted, bounds, kinds) == "docx" else Kind.XLSX
    if kind not in allowed:
        raise UploadRefused(errors.wrong_type(wanted))
    return Inspected(kind, kind.value)


def first_bytes(data: bytes, allowed: frozenset[Kind], *, max_bytes: int = MAX_UPLOAD_BYTES) -> None:
    """The checks cheap enough for a web request (size and the first bytes; nothing is parsed):
    what passes is stored for the task worker, which runs ``inspect`` (``cspr.uploadjobs``)."""
    wanted = allowed_words(allowed)
    if not data:
        raise UploadRefused("The selected file is empty")
    if len(data) > max_bytes:
        raise UploadRefused(f"The selected file must be smaller than {max_bytes // (1024 * 1024)}MB")
    if data.startswith(OLE_MAGIC):
        raise UploadRefused(
            "The selected file is password-protected or in an old Office format. "
            f"Remove the password and save it as a {wanted} file, then upload it again"
        )
    if data.startswith(b"%PDF-") and Kind.PDF not in allowed:
        raise UploadRefused(errors.wrong_type(wanted))
    if not data.startswith((b"%PDF-", b"PK\x03\x04")):
        raise UploadRefused(errors.wrong_type(wanted))


@contextmanager
def _refusing(message: str) -> Iterator[None]:
    """A damaged or hostile file can make any parser fail in its own way (a corrupt deflate stream, a
    library's assertion): that is a refusal with a message, never a server error."""
    try:
        yield
    except UploadRefused:
        raise
    except Exception as error:
        logger.info("Upload refused after %s from a parser", type(error).__name__)
        raise UploadRefused(message) from error
