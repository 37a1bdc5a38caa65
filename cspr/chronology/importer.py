"""Reading a completed Document 10 return (XLSX or Word) and checking every row before import.

``read_file`` turns the upload into raw rows (sheet, row number, kind, column values);
``check_rows`` parses and checks each row and gives back JSON-ready results with warnings
(kept, but a person should look) and refusals (not imported). Nothing is written here: the
named actions in ``cspr.chronology.actions`` store the preview and commit it.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from cspr.cases.models import Case
from cspr.chronology import duplicates
from cspr.chronology.dates import DateError, parse_date, parse_time
from cspr.chronology.models import ChildSeen, ChronologyEntry, EntryKind
from cspr.filesafety import check, errors, office, word_tables
from cspr.filesafety.errors import UploadRefused
from cspr.organisations.models import Agency

MAX_BYTES = 5 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
MAX_UNPACKED_BYTES = 60 * 1024 * 1024  # a zip bomb stops here, before any XML is parsed
MAX_ROWS = 5000
WRONG_TYPE = "The file must be a Word document (.docx) or an Excel spreadsheet (.xlsx)"
WORD_OR_EXCEL = frozenset({check.Kind.DOCX, check.Kind.XLSX})
# A return holds at most MAX_ROWS entries: room for headings, guidance and formatted empty rows, no more.
IMPORT_BOUNDS = office.Bounds(
    sheets=10,
    sheet_rows=2 * MAX_ROWS,
    sheet_cells=2 * MAX_ROWS * 12,
    merged_ranges=1_000,
    table_rows=MAX_ROWS + 200,
    table_cells=(MAX_ROWS + 200) * 12,
    vertical_merges=MAX_ROWS,
)

FIELDS = ("date", "time", "source", "child_contact", "family_contact", "key_event", "comment")
COLUMN_NAMES = {
    "date": "date",
    "time": "time",
    "source": "source of information",
    "child_contact": "contact with the child",
    "family_contact": "contact with family member",
    "key_event": "key event",
    "comment": "comment and analysis",
}


class ImportFileError(ValueError):
    """The file as a whole cannot be read (wrong type, too big, no chronology table)."""


@dataclass
class RawRow:
    sheet: str
    row: int
    kind: str
    values: dict[str, Any]
    # Columns whose spreadsheet cell held a formula: its text is kept and shown, never calculated.
    formulas: tuple[str, ...] = ()


@dataclass(frozen=True)
class Formula:
    """A spreadsheet cell that held a formula rather than a value."""

    text: str

    def __str__(self) -> str:
        return self.text


def _column_for(header: str) -> str | None:
    h = " ".join(header.lower().split())
    if not h:
        return None
    rules = (
        ("date", lambda s: s.startswith("date")),
        ("time", lambda s: s.startswith("time")),
        ("source", lambda s: "source" in s),
        ("family_contact", lambda s: "family" in s),
        ("child_contact", lambda s: "child" in s or "young person" in s),
        ("key_event", lambda s: "event" in s or "change" in s or "action" in s),
        ("comment", lambda s: "comment" in s or "analysis" in s or "impact" in s),
    )
    for name, test in rules:
        if test(h):
            return name
    return None


def _header_map(cells: list[Any]) -> tuple[dict[int, str], str] | None:
    mapping: dict[int, str] = {}
    kind = EntryKind.KEY_EVENT
    for i, cell in enumerate(cells):
        text = str(cell or "")
        name = _column_for(text)
        if name and name not in mapping.values():
            mapping[i] = name
        if "organisational change" in text.lower():
            kind = EntryKind.ORGANISATIONAL_CHANGE
    if "date" in mapping.values() and "key_event" in mapping.values():
        return mapping, kind
    return None


def _rows_from_grid(sheet: str, grid: Iterable[list[Any]]) -> Iterator[RawRow]:
    header: tuple[dict[int, str], str] | None = None
    for number, cells in enumerate(grid, start=1):
        if header is None:
            if number > 15:
                return
            header = _header_map(cells)
            continue
        mapping, kind = header
        if number > MAX_ROWS + 15:
            raise ImportFileError(f"The file has more than {MAX_ROWS} rows: split it into smaller files")
        values = {name: (cells[i] if i < len(cells) else None) for i, name in mapping.items()}
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue
        formulas = tuple(name for name, value in values.items() if isinstance(value, Formula))
        values = {name: str(value) if isinstance(value, Formula) else value for name, value in values.items()}
        yield RawRow(sheet, number, kind, values, formulas)


def first_bytes(data: bytes) -> None:
    """The checks cheap enough for the web request (size and the first bytes, nothing parsed);
    ``read_file`` in the task worker does the rest."""
    if len(data) > MAX_BYTES:
        raise ImportFileError("The file must be smaller than 5 MB")
    try:
        check.first_bytes(data, WORD_OR_EXCEL, max_bytes=MAX_BYTES)
    except UploadRefused as refused:
        if refused.message == errors.wrong_type(check.allowed_words(WORD_OR_EXCEL)):
            raise ImportFileError(WRONG_TYPE) from None
        raise ImportFileError(refused.message) from None


def _sniff(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportFileError("The file must be smaller than 5 MB")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except Exception:  # not a zip (or a broken one): the shared check below says what it is
        infos = []
    if len(infos) > MAX_ZIP_ENTRIES or sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise ImportFileError("The file is too large inside to be a chronology: split it into smaller files")
    # The same checks as every upload (macros, embedded objects, external links, DTDs), and the
    # sheets, rows, cells and merged cells counted before openpyxl or python-docx open the file.
    try:
        inspected = check.inspect(data, WORD_OR_EXCEL, max_bytes=MAX_BYTES, bounds=IMPORT_BOUNDS)
    except UploadRefused as refused:
        if refused.message == errors.wrong_type(check.allowed_words(WORD_OR_EXCEL)):
            raise ImportFileError(WRONG_TYPE) from None
        raise ImportFileError(refused.message) from None
    return "xlsx" if inspected.kind is check.Kind.XLSX else "docx"


def _xlsx_rows(data: bytes) -> list[RawRow]:
    import openpyxl

    # Formulas are read as formulas (not their cached values) so the person importing sees them.
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        rows: list[RawRow] = []
        for sheet in book.worksheets:
            grid = ([_cell_value(c) for c in r] for r in sheet.iter_rows())
            rows.extend(_rows_from_grid(sheet.title, grid))
        return rows
    finally:
        book.close()


def _cell_value(cell: Any) -> Any:
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "f" and value is not None:
        text = str(value)
        return Formula(text if text.startswith("=") else f"={text}")
    return value


def _docx_rows(data: bytes) -> list[RawRow]:
    import docx

    document = docx.Document(io.BytesIO(data))
    rows: list[RawRow] = []
    for n, table in enumerate(document.tables, start=1):
        grid = ([text.strip() for text in row] for row in word_tables.rows(table))
        rows.extend(_rows_from_grid(f"Table {n}", grid))
    return rows


def read_file(upload: IO[bytes] | bytes) -> tuple[str, list[RawRow]]:
    data = upload if isinstance(upload, bytes) else upload.read(MAX_BYTES + 1)
    kind = _sniff(data)
    try:
        rows = _xlsx_rows(data) if kind == "xlsx" else _docx_rows(data)
    except ImportFileError:
        raise
    except Exception:  # a corrupt file must give a message, not a server error
        raise ImportFileError("The file could not be read: save it again from Word or Excel and upload it") from None
    if not rows:
        raise ImportFileError(
            "The file has no chronology table: use the template, with a heading row that includes "
            "“Date” and “Key Event/Action Undertaken”"
        )
    if len(rows) > MAX_ROWS:
        raise ImportFileError(f"The file has more than {MAX_ROWS} rows: split it into smaller files")
    return kind, rows


def infer_child_seen(text: str) -> str:
    t = " ".join(text.lower().split())
    if not t:
        return ChildSeen.NOT_RECORDED
    if "not seen" in t or "no contact" in t or "did not see" in t or "not present" in t:
        return ChildSeen.NOT_SEEN
    if "not alone" in t or "not seen alone" in t:
        return ChildSeen.SEEN_NOT_ALONE
    if "alone" in t:
        return ChildSeen.SEEN_ALONE
    if "seen with" in t or "accompanied" in t or "with mother" in t or "with father" in t:
        return ChildSeen.SEEN_NOT_ALONE
    return ChildSeen.NOT_RECORDED


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value).strip()


def _check_one(raw: RawRow, today: dt.date) -> dict[str, Any]:
    warnings: list[str] = []
    refusals: list[str] = []
    fields: dict[str, Any] = {"kind": raw.kind}
    v = raw.values
    try:
        when = parse_date(v.get("date"))
        fields.update(
            date_text=when.text,
            precision=when.precision,
            uncertain=when.uncertain,
            date_from=when.date_from.isoformat(),
            date_to=when.date_to.isoformat(),
        )
        if when.uncertain or when.precision != "day":
            warnings.append(
                f"The date “{when.text}” is not an exact day: it is kept as written and sorted from {when.date_from:%-d %B %Y}"
            )
        if when.date_from > today:
            refusals.append("The date is in the future")
        time_value = when.time
    except DateError as error:
        refusals.append(str(error))
        fields["date_text"] = _text(v.get("date"))
        time_value = None
    try:
        time_value = parse_time(v.get("time")) or time_value
    except DateError as error:
        warnings.append(f"{error}; the time was left out")
    fields["time"] = time_value.isoformat(timespec="minutes") if time_value else None
    for name in ("source", "child_contact", "family_contact", "key_event", "comment"):
        fields[name] = _text(v.get(name))
    if not fields["source"]:
        refusals.append("Enter the source of information")
    if not fields["key_event"]:
        refusals.append(
            "Enter the key event or action undertaken"
            if raw.kind == EntryKind.KEY_EVENT
            else "Enter the organisational change"
        )
    for name in raw.formulas:
        warnings.append(
            f"The {COLUMN_NAMES[name]} cell is a spreadsheet formula, not a value: its text “{str(v.get(name))[:200]}” "
            "is kept as written and will never be calculated. Check it, and correct the entry after the import"
        )
    fields["child_seen"] = infer_child_seen(fields["child_contact"])
    if fields["child_contact"] and not fields["child_seen"]:
        warnings.append("Contact with the child: say whether the child was seen alone or not")
    return {"sheet": raw.sheet, "row": raw.row, "fields": fields, "warnings": warnings, "refusals": refusals}


def check_rows(case: Case, agency: Agency, raw_rows: list[RawRow], *, today: dt.date) -> list[dict[str, Any]]:
    results = [_check_one(raw, today) for raw in raw_rows]
    _order_and_repeats(results)
    _flag_duplicates(case, agency, results)
    return results


def _order_and_repeats(results: list[dict[str, Any]]) -> None:
    previous: dict[str, dict[str, Any]] = {}
    seen: dict[tuple[str, str, str], int] = {}
    for index, result in enumerate(results):
        f = result["fields"]
        if result["refusals"]:
            continue
        last = previous.get(result["sheet"])
        if last is not None and f["date_from"] < last["fields"]["date_from"]:
            result["warnings"].append(
                f"This row is dated before row {last['row']}: check the order "
                "(the integrated chronology is sorted by date whatever the order)"
            )
        previous[result["sheet"]] = result
        key = (f["date_from"], f["time"] or "", duplicates.normalise(f["key_event"]))
        if key in seen:
            first = results[seen[key]]
            where = "" if first["sheet"] == result["sheet"] else f" of {first['sheet']}"
            result["warnings"].append(
                f"This row repeats row {first['row']}{where}: it is imported flagged as a possible duplicate, "
                "for a person to merge or keep"
            )
            # Kept on the row so that the commit flags the entry (possible_duplicate_of), not only the preview.
            result["repeats"] = seen[key]
        else:
            seen[key] = index


def _flag_duplicates(case: Case, agency: Agency, results: list[dict[str, Any]]) -> None:
    existing = (
        ChronologyEntry.objects.filter(case=case, merged_into__isnull=True)
        .exclude(agency=agency)
        .select_related("agency")
        .only("id", "agency_id", "agency__name", "date_from", "date_to", "date_text", "key_event")
    )
    by_id = {e.pk: e for e in existing}
    candidates = [duplicates.Candidate(e.pk, e.agency_id, e.date_from, e.date_to, e.key_event) for e in by_id.values()]
    new = [
        duplicates.Candidate(
            ("row", i),
            agency.pk,
            dt.date.fromisoformat(r["fields"]["date_from"]),
            dt.date.fromisoformat(r["fields"]["date_to"]),
            r["fields"]["key_event"],
        )
        for i, r in enumerate(results)
        if not r["refusals"]
    ]
    for key, match in duplicates.find(new, candidates).items():
        assert isinstance(key, tuple)
        result = results[key[1]]
        entry = by_id[int(str(match.key))]
        result["duplicate_of"] = entry.pk
        result["warnings"].append(
            f"Possibly the same event as {entry.agency.name}’s entry dated {entry.date_text}: "
            "a person can merge them after the import"
        )
