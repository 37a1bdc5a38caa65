"""Exports of the integrated chronology (XLSX with agency colours, Word in Document 10's layout) and
the blank Document 10 templates agencies fill in."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from cspr.chronology import palette
from cspr.chronology.dates import describe_precision
from cspr.chronology.models import ChildSeen, EntryKind
from cspr.filesafety import spreadsheet
from cspr.filesafety.workbook import Sheet, Style

# Document 10's column headings, as the toolkit words them.
KEY_EVENT_HEADINGS = [
    "Date presented as (DD/MM/YYYY)",
    "Time",
    "Source of Information",
    "Contact with the child/young person (state whether they were seen alone or not) and by whom",
    "Contact with family member (state which family member) and by whom",
    "Key Event/Action Undertaken",
    "Comment and Analysis, including potential areas for learning",
]
ORG_CHANGE_HEADINGS = [
    "Date presented as (DD/MM/YYYY)",
    "Source of Information",
    "Organisational Change",
    "Comment and Analysis: impact on frontline practice",
]
EXPORT_HEADINGS = [
    "Date",
    "Date precision",
    "Time",
    "Agency",
    "Kind",
    "Source of Information",
    "Contact with the child/young person (seen alone or not) and by whom",
    "Contact with family member and by whom",
    "Key Event/Action Undertaken",
    "Comment and Analysis",
    "Inside the review period",
    "Key practice learning event",
]
GUIDANCE = [
    "Key Events Chronology (Document 10). One row per key event, in date order.",
    "Dates in UK form: DD/MM/YYYY. If you only know the month or season write it as “May 2016” or "
    "“Spring 2019”; mark an uncertain date with a question mark, e.g. “?May 2016”.",
    "Every row needs a date, the source of information and the key event or action.",
    "Say whether the child was seen alone or not, and by whom.",
    "Use the second sheet (or table) for organisational changes that may have affected frontline practice.",
]


Row = dict[str, Any]  # one entry as ``queries.export_rows`` gives it


def child_contact_text(child_seen: str, contact: str) -> str:
    """ "Seen alone. By the social worker", without repeating what the agency already wrote."""
    seen = str(ChildSeen(child_seen).label) if child_seen else ""
    if seen and contact and seen.lower() not in contact.lower():
        return f"{seen}. {contact}"
    return contact or seen


def _child_contact(row: Row) -> str:
    return child_contact_text(row["child_seen"], row["child_contact"])


def _inside(row: Row, period: tuple[dt.date | None, dt.date | None]) -> str:
    start, end = period
    if start is None and end is None:
        return ""
    inside = (start is None or row["date_to"] >= start) and (end is None or row["date_from"] <= end)
    return "Yes" if inside else "No"


def _time(row: Row) -> str:
    return row["time"].strftime("%H:%M") if row["time"] else ""


def xlsx(
    entries: Iterable[Row],
    slots: dict[int, int],
    period: tuple[dt.date | None, dt.date | None],
    *,
    title: str,
) -> bytes:
    """The integrated chronology as a spreadsheet, one agency colour per row. Written with XlsxWriter
    through ``cspr.filesafety.workbook`` (every cell text, formula-like text quote-prefixed):
    openpyxl with styles took 2 s of CPU for 10,000 entries, this about the time of openpyxl writing
    the same cells plainly (``make bench``: ``chronology_xlsx_export_10000``)."""
    title_style, header_style, first_tint = 0, 1, 2
    styles = [Style(bold=True, size=14), Style(bold=True, wrap=True)]
    styles += [Style(fill=tint.lstrip("#").upper(), wrap=True) for tint in palette.TINT]
    sheet = Sheet(
        "Integrated chronology", styles, widths=[14, 14, 8, 28, 16, 24, 36, 36, 50, 50, 12, 12], frozen_rows=2
    )
    sheet.append([(title, title_style)])
    sheet.append([(text, header_style) for text in EXPORT_HEADINGS])
    for agency_id, values in export_values(entries, period):
        style = first_tint + slots.get(agency_id, 0)
        sheet.append([(value, style) for value in values])
    return sheet.save()


def export_values(
    entries: Iterable[Row], period: tuple[dt.date | None, dt.date | None]
) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Each entry's agency and the text of its twelve export columns (``EXPORT_HEADINGS``)."""
    kinds = {k.value: str(k.label) for k in EntryKind}
    precision: dict[tuple[str, bool], str] = {}
    for entry in entries:
        key = (entry["precision"], entry["uncertain"])
        if key not in precision:
            precision[key] = describe_precision(*key)
        yield (
            entry["agency_id"],
            (
                entry["date_text"] or "",
                precision[key],
                _time(entry),
                entry["agency__name"] or "",
                kinds[entry["kind"]],
                entry["source"] or "",
                _child_contact(entry),
                entry["family_contact"] or "",
                entry["key_event"] or "",
                entry["comment"] or "",
                _inside(entry, period),
                "Yes" if entry["key_learning_event"] else "",
            ),
        )


def xlsx_floor(rows: Iterable[Sequence[str]]) -> bytes:
    """The floor of ``make bench``: openpyxl (write-only) writing the same cells with no styles."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Integrated chronology")
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _landscape(document: object) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    section = document.sections[0]  # type: ignore[attr-defined]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))


def _table(document: object, headings: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headings))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text


def docx(
    entries: Sequence[Row],
    period: tuple[dt.date | None, dt.date | None],
    *,
    title: str,
) -> bytes:
    from cspr.documents.ooxml import new_document

    document = new_document()
    _landscape(document)
    document.add_heading(title, level=1)
    document.add_heading("Key Events Chronology", level=2)
    _table(
        document,
        ["Agency", *KEY_EVENT_HEADINGS, "Inside the review period"],
        (
            [
                e["agency__name"] + (" (key practice learning event)" if e["key_learning_event"] else ""),
                e["date_text"],
                _time(e),
                e["source"],
                _child_contact(e),
                e["family_contact"],
                e["key_event"],
                e["comment"],
                _inside(e, period),
            ]
            for e in entries
            if e["kind"] == EntryKind.KEY_EVENT
        ),
    )
    changes = [e for e in entries if e["kind"] == EntryKind.ORGANISATIONAL_CHANGE]
    if changes:
        document.add_heading("Organisational changes", level=2)
        _table(
            document,
            ["Agency", *ORG_CHANGE_HEADINGS],
            ([e["agency__name"], e["date_text"], e["source"], e["key_event"], e["comment"]] for e in changes),
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def blank_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheets = (
        (book.active, "Key events", KEY_EVENT_HEADINGS),
        (book.create_sheet(), "Organisational changes", ORG_CHANGE_HEADINGS),
    )
    for sheet, name, headings in sheets:
        sheet.title = name
        sheet.append(headings)
        for i, cell in enumerate(sheet[1], start=1):
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.column_dimensions[chr(64 + i)].width = 16 if i <= 2 else 40
        sheet.freeze_panes = "A2"
    guidance = book.create_sheet("Guidance")
    for line in GUIDANCE:
        guidance.append([line])
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                spreadsheet.keep_as_text(cell)
    guidance.column_dimensions["A"].width = 120
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def blank_docx() -> bytes:
    from cspr.documents.ooxml import new_document

    document = new_document()
    _landscape(document)
    document.add_heading("Key Events Chronology", level=1)
    for line in GUIDANCE:
        document.add_paragraph(line)
    _table(document, KEY_EVENT_HEADINGS, [[""] * len(KEY_EVENT_HEADINGS)] * 5)
    document.add_heading("Organisational changes", level=1)
    _table(document, ORG_CHANGE_HEADINGS, [[""] * len(ORG_CHANGE_HEADINGS)] * 3)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
