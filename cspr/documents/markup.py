"""The small line-based markup the toolkit's documents are kept in (``content/*.txt``).

Keeping the wording as text data, not code, lets the toolkit's sentences be checked and edited
without touching the renderer. One block per line:

- ``# ``, ``## ``, ``### `` headings (real Word heading styles, so the navigation pane works);
- ``- `` bullet, ``. `` numbered item, ``> `` right-aligned paragraph, ``! `` bold paragraph,
  ``? `` small italic guidance note;
- ``| a | b |`` a table row (``|! …`` a header row, ``|= 70 | 30 |`` column widths in per cent);
  consecutive rows make one table;
  ``|*N key | f1 | f2 |`` one row per item of the list ``key`` (at least N rows, blank ones for
  hand completion);
- ``[include name]`` (the shared part ``content/_name.txt``), ``[letterhead]``, ``[date]``, ``[signature]``, ``[toc]``, ``[pagebreak]``, ``[genogram]``,
  ``[box key N]`` (a one-cell answer box, N blank lines when ``key`` has no value);
- anything else is a paragraph; blank lines separate nothing (spacing comes from the styles).

Inline, in any text: ``{key}`` or ``{key|[insert …]}`` (a value from the context or the
toolkit's placeholder, highlighted; ``{key|=text}`` falls back to plain wording), ``{check:key=value}`` (a real check box), ``**bold**``,
``~N`` alone in a table cell (N blank lines), `` // `` a line break inside a table cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent / "content"


@dataclass(frozen=True)
class Block:
    kind: str  # heading, para, bullet, number, right, bold, note, table, directive
    text: str = ""
    level: int = 0
    args: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    header: bool = False
    widths: bool = False  # ``|= 80 | 20 |``: column widths in per cent, not a row
    repeat_key: str = ""  # non-empty: one row per item of this context list
    minimum: int = 0
    fields: tuple[str, ...] = field(default=())


_ROW_REPEAT = re.compile(r"^\|\*(\d*)\s*([\w.]+)\s*\|(.*)\|\s*$")
_DIRECTIVE = re.compile(r"^\[(letterhead|date|signature|toc|pagebreak|genogram|box|landscape)(?:\s+([^\]]*))?\]\s*$")


_CELL_SEP = re.compile(r"\|(?![^{]*\})")  # a bar, but not the one inside {key|placeholder}


def _split_cells(body: str) -> tuple[str, ...]:
    return tuple(cell.strip() for cell in _CELL_SEP.split(body))


def _row(line: str) -> Row:
    repeat = _ROW_REPEAT.match(line)
    if repeat:
        minimum, key, body = repeat.groups()
        fields = _split_cells(body)
        return Row(cells=fields, repeat_key=key, minimum=int(minimum or 0), fields=fields)
    if line.startswith("|="):
        return Row(cells=_split_cells(line[2:].rstrip().rstrip("|")), widths=True)
    header = line.startswith("|!")
    body = (line[2:] if header else line[1:]).rstrip()
    if body.endswith("|"):
        body = body[:-1]
    return Row(cells=_split_cells(body), header=header)


def parse(text: str) -> list[Block]:
    blocks: list[Block] = []
    rows: list[Row] = []

    def flush() -> None:
        if rows:
            blocks.append(Block(kind="table", rows=tuple(rows)))
            rows.clear()

    for raw in text.splitlines():
        line = raw.rstrip()
        if line.startswith("|"):
            rows.append(_row(line))
            continue
        flush()
        if not line.strip() or line.startswith("//#"):
            continue
        directive = _DIRECTIVE.match(line)
        if directive:
            name, arg = directive.groups()
            blocks.append(Block(kind="directive", text=name, args=tuple((arg or "").split())))
            continue
        heading = re.match(r"^(#{1,3}) (.*)$", line)
        if heading:
            blocks.append(Block(kind="heading", text=heading.group(2), level=len(heading.group(1))))
            continue
        for prefix, kind in (("- ", "bullet"), (". ", "number"), ("> ", "right"), ("! ", "bold"), ("? ", "note")):
            if line.startswith(prefix):
                blocks.append(Block(kind=kind, text=line[len(prefix) :]))
                break
        else:
            blocks.append(Block(kind="para", text=line))
    flush()
    return blocks


@cache
def load(name: str) -> tuple[Block, ...]:
    """The parsed blocks of ``content/<name>.txt`` (parsed once per process)."""
    return tuple(parse(_source(name)))


def _source(name: str) -> str:
    """The file's text with ``[include other]`` lines replaced by ``content/_other.txt``."""
    text = (CONTENT_DIR / f"{name}.txt").read_text(encoding="utf-8")
    return re.sub(r"^\[include (\w+)\]\s*$", lambda m: _source(f"_{m.group(1)}"), text, flags=re.MULTILINE)


_KEY = re.compile(r"\{(?:check:)?([\w.]+)")
# Keys the renderer reads for a directive (see ``docx_render.Renderer.directive``).
DIRECTIVE_KEYS = {
    "letterhead": (
        "partnership_logo",
        "partnership_name",
        "partnership_address",
        "partnership_phone",
        "partnership_email",
    ),
    "date": ("today",),
    "signature": ("signature_name", "signature_role", "partnership_name"),
    "genogram": ("genogram_png",),
}


@dataclass(frozen=True)
class KeysRead:
    """What a document's markup reads: context keys (dotted paths kept) and, per repeated-row list,
    the fields each item must carry."""

    keys: frozenset[str]
    row_fields: dict[str, frozenset[str]]

    @property
    def top_level(self) -> frozenset[str]:
        return frozenset(k.split(".", 1)[0] for k in self.keys) | frozenset(self.row_fields)


def keys_read(blocks: tuple[Block, ...]) -> KeysRead:
    keys: set[str] = set()
    rows: dict[str, set[str]] = {}

    def text(value: str) -> None:
        keys.update(_KEY.findall(value))

    for block in blocks:
        if block.kind == "directive":
            keys.update(DIRECTIVE_KEYS.get(block.text, ()))
            if block.text in {"box", "date"} and block.args:
                keys.add(block.args[0])
        elif block.kind == "table":
            for row in block.rows:
                if row.repeat_key:
                    rows.setdefault(row.repeat_key, set()).update(f for f in row.fields if f and not f.startswith('"'))
                elif not row.widths:
                    for cell in row.cells:
                        text(cell)
        else:
            text(block.text)
    return KeysRead(frozenset(keys), {k: frozenset(v) for k, v in rows.items()})
