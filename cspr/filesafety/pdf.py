"""PDFs read with pypdf, not searched as text.

pypdf decodes names (``/J#61vaScript`` is ``/JavaScript``), reads strings whatever their encoding
(``/JS <6170702e...>``) and expands object streams, so every object of the file is visited as
the reader application would see it. Refused: JavaScript anywhere, launch, import, submit and
other active actions, any action run on opening or automatically (``/OpenAction``, ``/AA``)
other than going to a page in the same file, embedded files, rich media and XFA forms. Objects
that no cross-reference table lists are still seen: their dictionaries are found by a scan of
the file outside its streams, with names decoded the same way.
"""

from __future__ import annotations

import bisect
import io
import logging
import re
from collections.abc import Iterator
from typing import Any

from pypdf import PdfReader, apply_configuration
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from cspr.filesafety import errors
from cspr.filesafety.errors import UploadRefused

MAX_OBJECTS = 25_000
# A single stream may not inflate past this while we look (pypdf's own default is 75 MB).
MAX_STREAM_OUTPUT = 20 * 1024 * 1024

ACTIVE_KEYS = {"/JS", "/JavaScript", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/RichMediaContent", "/XFA"}
ACTIVE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/ImportData",
    "/SubmitForm",
    "/ResetForm",
    "/GoToE",
    "/RichMediaExecute",
    "/Rendition",
    "/Sound",
    "/Movie",
}
# On opening or automatically, only a jump to a page in the same file is harmless.
QUIET_ACTIONS = {"/GoTo"}
# A name runs to the next PDF white-space (NUL, tab, LF, FF, CR, space) or delimiter.
_NAME = re.compile(rb"/([^\x00\t\n\x0c\r /<>\[\]()%{}]+)")
_OBJECT_HEADER = re.compile(rb"[\x00\t\n\x0c\r ]*(\d+)[\x00\t\n\x0c\r ]+(\d+)[\x00\t\n\x0c\r ]+obj")
_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
_INTERESTING = ACTIVE_KEYS | ACTIVE_ACTIONS | {"/OpenAction", "/AA"}
UNREADABLE = "The selected file could not be read as a PDF. Save it again as a PDF and upload it"

logging.getLogger("pypdf").setLevel(logging.ERROR)


def check(data: bytes) -> None:
    scan_names(data)
    parse(data)


def parse(data: bytes) -> None:
    """Read the file as a PDF reader would and visit every object."""
    with apply_configuration(
        zlib_maximum_output_length=MAX_STREAM_OUTPUT,
        lzw_maximum_output_length=MAX_STREAM_OUTPUT,
        run_length_maximum_output_length=MAX_STREAM_OUTPUT,
        array_based_stream_maximum_output_length=MAX_STREAM_OUTPUT,
    ):
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise UploadRefused(errors.LOCKED_FILE)
            _walk_all(reader, data)
        except UploadRefused:
            raise
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError):
            raise UploadRefused(UNREADABLE) from None


def scan_names(data: bytes) -> None:
    """Names in the file's own syntax (outside streams), #xx escapes decoded."""
    for name in _names(_STREAM.sub(b" ", data)):
        if name in ACTIVE_KEYS or name in ACTIVE_ACTIONS:
            raise UploadRefused(errors.PDF_ACTIVE)
        if name == "/Encrypt":
            raise UploadRefused(errors.LOCKED_FILE)


def _walk_all(reader: PdfReader, data: bytes) -> None:
    ids: set[tuple[int, int]] = set()
    for generation, table in reader.xref.items():
        ids.update((idnum, generation) for idnum in table)
    ids.update((idnum, 0) for idnum in reader.xref_objStm)
    if len(ids) > MAX_OBJECTS:
        raise UploadRefused("The selected PDF is too complex to be checked safely. Save it as a smaller PDF")
    _visit(reader.trailer)
    offsets = {(idnum, gen): offset for gen, table in reader.xref.items() for idnum, offset in table.items()}
    ends = sorted({*offsets.values(), len(data)})
    for idnum, generation in sorted(ids):
        offset = offsets.get((idnum, generation))
        if (
            offset is not None
            and idnum not in reader.xref_objStm
            and _nothing_to_see(data, idnum, generation, offset, ends)
        ):
            continue
        obj = reader.get_object(IndirectObject(idnum, generation, reader))
        if obj is not None:
            _visit(obj)


def _nothing_to_see(data: bytes, idnum: int, generation: int, offset: int, ends: list[int]) -> bool:
    """True when an uncompressed object's bytes (all of them, stream data included, up to the next
    object) hold none of the names that matter: pypdf's parse of it could find nothing to refuse.

    Only a speed-up (pypdf reads about a thousand objects a second on a busy machine): an object is
    skipped only when the cross-reference offset really starts it, and a name found by chance in
    binary stream data just means that object is parsed.
    """
    header = _OBJECT_HEADER.match(data, offset)
    if header is None or (int(header.group(1)), int(header.group(2))) != (idnum, generation):
        return False
    end = ends[bisect.bisect_right(ends, offset)] if offset < ends[-1] else len(data)
    return not any(name in _INTERESTING for name in _names(data[offset:end]))


def _names(chunk: bytes) -> Iterator[str]:
    for match in _NAME.finditer(chunk):
        raw = match.group(1)
        if b"#" in raw:
            raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
        yield "/" + raw.decode("latin-1")


def _visit(obj: Any, depth: int = 0) -> None:
    """Check one object and its direct (not indirect) contents; indirect ones are visited on their own."""
    if depth > 100:
        raise UploadRefused(UNREADABLE)
    if isinstance(obj, ArrayObject):
        for item in obj:
            _visit(item, depth + 1)
        return
    if isinstance(obj, NameObject) and (str(obj) in ACTIVE_ACTIONS or str(obj) in ACTIVE_KEYS):
        raise UploadRefused(errors.PDF_ACTIVE)  # also an action's /S given as a reference to a name
    if not isinstance(obj, DictionaryObject):
        return
    if {str(key) for key in obj} & ACTIVE_KEYS:
        raise UploadRefused(errors.PDF_ACTIVE)
    action = obj.get("/S")
    if action is not None and str(action.get_object()) in ACTIVE_ACTIONS:
        raise UploadRefused(errors.PDF_ACTIVE)
    _triggers(obj, depth)
    for value in obj.values():
        if not isinstance(value, IndirectObject):
            _visit(value, depth + 1)


def _triggers(obj: DictionaryObject, depth: int) -> None:
    opening = obj.get("/OpenAction")
    if opening is not None and not isinstance(opening.get_object(), ArrayObject):
        _automatic(opening, depth + 1)  # an array is a destination (a page and a zoom), not an action
    automatic = obj.get("/AA")
    if automatic is not None:
        triggers = automatic.get_object()
        if isinstance(triggers, DictionaryObject):
            for value in triggers.values():
                _automatic(value, depth + 1)


def _automatic(action: Any, depth: int) -> None:
    """An action the reader runs without being asked (on opening, on a page or field event), and
    every action it chains to with /Next: only going to a page in this file is allowed."""
    if depth > 100:
        raise UploadRefused(UNREADABLE)
    resolved = action.get_object() if isinstance(action, IndirectObject) else action
    if isinstance(resolved, ArrayObject):
        for item in resolved:
            _automatic(item, depth + 1)
        return
    if not isinstance(resolved, DictionaryObject):
        raise UploadRefused(errors.PDF_ACTIVE)
    action = resolved.get("/S")
    if action is None or str(action.get_object()) not in QUIET_ACTIONS:
        raise UploadRefused(errors.PDF_ACTIVE)
    chained = resolved.get("/Next")
    if chained is not None:
        _automatic(chained, depth + 1)
