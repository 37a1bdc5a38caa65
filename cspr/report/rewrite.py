"""Writing replacements into a DOCX, keeping its formatting, and taking them out again.

``replace(data, edits)`` writes each edit (a finding's span in a unit, and its replacement) into
the text nodes the span came from: the replacement goes into the first run the span touches, the
rest of the span is removed from the following runs, so formatting and every other part of the
package are left as they were. It returns the new file and the *mapping*: for every text node it
changed, its text before and after. ``restore(data, mapping)`` puts the old texts back, giving the
internal version from the publishable one.
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from lxml import etree

from cspr.report.docxtext import Slot, WordWalk, open_docx, parse, walk_part

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass(frozen=True)
class Edit:
    part: str
    unit: int  # ``Unit.index`` in its part
    start: int
    end: int
    replacement: str


def _get(slot: Slot) -> str:
    element, attr = slot
    return (element.text or "") if attr is None else (element.get(attr) or "")


def _set(slot: Slot, value: str) -> None:
    element, attr = slot
    if attr is None:
        element.text = value
        if element.tag.endswith("}t") or element.tag.endswith("}delText"):
            element.set(XML_SPACE, "preserve")
    else:
        element.set(attr, value)


def _apply(walk: WordWalk, edits: list[Edit], changed: dict[int, str]) -> None:
    for edit in sorted(edits, key=lambda e: (e.unit, e.start), reverse=True):
        unit = walk.units[edit.unit]
        first = True
        for seg in unit.segments:
            if seg.end <= edit.start or seg.start >= edit.end:
                continue
            slot = walk.slots[seg.slot]
            old = _get(slot)
            changed.setdefault(seg.slot, old)
            a = max(edit.start - seg.start, 0)
            b = min(edit.end - seg.start, len(old))
            _set(slot, old[:a] + (edit.replacement if first else "") + old[b:])
            first = False


def _write(data: bytes, parts: dict[str, Any]) -> bytes:
    source = open_docx(data)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in parts:
                body = etree.tostring(parts[info.filename], xml_declaration=True, encoding="UTF-8", standalone=True)
                target.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED)
            else:
                target.writestr(info, source.read(info.filename), compress_type=info.compress_type)
    return out.getvalue()


def replace(data: bytes, edits: list[Edit]) -> tuple[bytes, list[dict[str, Any]]]:
    source = open_docx(data)
    by_part: dict[str, list[Edit]] = defaultdict(list)
    for edit in edits:
        by_part[edit.part].append(edit)
    roots: dict[str, Any] = {}
    mapping: list[dict[str, Any]] = []
    for part, part_edits in by_part.items():
        root = parse(source.read(part))
        walk = walk_part(part, root)
        changed: dict[int, str] = {}
        _apply(walk, part_edits, changed)
        roots[part] = root
        for slot_index, before in sorted(changed.items()):
            mapping.append({"part": part, "slot": slot_index, "before": before, "after": _get(walk.slots[slot_index])})
    return _write(data, roots), mapping


class MappingMismatch(ValueError):
    """The publishable file is not the one the mapping was made for."""


def restore(data: bytes, mapping: list[dict[str, Any]]) -> bytes:
    """The internal version from the publishable one and its stored mapping."""
    source = open_docx(data)
    by_part: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in mapping:
        by_part[row["part"]].append(row)
    roots: dict[str, Any] = {}
    for part, rows in by_part.items():
        root = parse(source.read(part))
        slots = walk_part(part, root).slots
        for row in rows:
            if row["slot"] >= len(slots) or _get(slots[row["slot"]]) != row["after"]:
                raise MappingMismatch("This publishable version does not match the stored glossary mapping")
            _set(slots[row["slot"]], row["before"])
        roots[part] = root
    return _write(data, roots)
