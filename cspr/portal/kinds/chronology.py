"""The agency chronology (Documents 10–12: templates, letter, guidance; toolkit §8.5, rule 53).

Two chronologies in one request: the key events of the agency's involvement with the child and
family, and the organisational changes that may have affected frontline practice, with the author
(no involvement in the case) and the senior officer's sign-off. The rows are answered online (each
table a section, saved as a draft, a row added at a time) or in the Word template (Excel also
read), whose tables carry the toolkit's column headings; either is read by the chronology app's
own reader (``cspr.chronology.importer.read_file``), so a return reads the same both ways. An
accepted return goes into the integrated chronology through ``cspr.chronology.actions.import_rows``.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping
from typing import Any

from django import forms
from docx.shared import Pt

from cspr.cases.models import Case
from cspr.documents.ooxml import new_document
from cspr.filesafety.check import Kind as FileKind
from cspr.portal.kinds.base import (
    SAVED_SECTIONS,
    Missing,
    Section,
    SectionForm,
    SummaryGroup,
    SummaryRow,
    WordForm,
    answers_of,
)
from cspr.portal.kinds.lcspr import (
    author_questions,
    build_catalogue_letter,
    default_due,
    letter,
    sign_off_questions,
)
from cspr.portal.kinds.questions import QuestionSection, QuestionsKind, word_table, word_value
from cspr.portal.models import InformationRequest, RequestType
from cspr.portal.uploads import UploadRefused
from cspr.portal.word_return import REFERENCE_LABEL, ReadBack, request_code
from cspr.ui.formatting import format_date

KEY_EVENTS = "key_events"
ORGANISATIONAL = "organisational_changes"
MIN_ROWS, MAX_ROWS = 1, 60
# The toolkit's column headings (Document 10): the chronology importer knows them.
KEY_EVENT_COLUMNS = (
    ("date", "Date presented as (DD/MM/YYYY)"),
    ("time", "Time"),
    ("source", "Source of Information"),
    ("child_contact", "Contact with the child/young person (state whether they were seen alone or not) and by whom"),
    ("family_contact", "Contact with family member (state which family member) and by whom"),
    ("key_event", "Key Event/Action Undertaken"),
    ("comment", "Comment and Analysis, including potential areas for learning"),
)
ORGANISATIONAL_COLUMNS = (
    ("date", "Date presented as (DD/MM/YYYY)"),
    ("key_event", "Organisational change"),
    ("source", "Source of Information"),
    ("comment", "Potential impact on frontline practice"),
)
TABLES = {KEY_EVENTS: KEY_EVENT_COLUMNS, ORGANISATIONAL: ORGANISATIONAL_COLUMNS}
ROW_WORD = {KEY_EVENTS: "key event", ORGANISATIONAL: "organisational change"}

PARTS = (
    QuestionSection("author", "About this chronology", "Author of the chronology", author_questions("chronology")),
    QuestionSection(
        "sign_off",
        "About this chronology",
        "Senior officer’s quality assurance and sign-off",
        sign_off_questions("chronology"),
    ),
)
LETTER_OPENING = [
    "We are undertaking a local Child Safeguarding Practice Review. The first stage of the review process is for "
    "each agency to complete a chronology of their agency’s involvement with the child and/or their family members, "
    "and a chronology of organisational changes that may have impacted on frontline practice.",
    "Individual agency chronologies will be collated to produce an Integrated Chronology which will be used to "
    "inform potential learning. Please read the Case Summary below and the Guidance on completing the chronologies.",
]
LETTER_ASKS = [
    "Complete the Key Events Chronology of your agency’s involvement.",
    "Complete the Chronology of Organisational Changes.",
    "Confirm the name and contact details of all relevant staff for the Reflective Learning Workshop.",
]


def rows_of(request: InformationRequest, table: str) -> list[dict[str, str]]:
    found = answers_of(request).get(table)
    return [r for r in found if isinstance(r, dict)] if isinstance(found, list) else []


def _bounded(value: Any, default: int) -> int:
    try:
        rows = int(str(value).strip())
    except (TypeError, ValueError):
        rows = default
    return max(MIN_ROWS, min(rows, MAX_ROWS))


class RowsForm(SectionForm):
    """One chronology table, a group of fields per row; an empty row is left out."""

    def __init__(self, *args: Any, table: str, rows: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.table = table
        self.columns = TABLES[table]
        self.saved = rows_of(self.request, table)
        default = max(MIN_ROWS, len(self.saved) + (0 if self.saved else 1))
        asked = self.data.get("tracker_rows") if self.data else rows
        self.tracker_rows = default if asked is None else max(default, _bounded(asked, default))
        word = ROW_WORD[table]
        for n in range(1, self.tracker_rows + 1):
            for name, heading in self.columns:
                long = name in {"key_event", "comment", "child_contact", "family_contact"}
                self.fields[f"r{n}_{name}"] = forms.CharField(
                    label=f"{heading.split(' (')[0]} – {word} {n}",
                    required=False,
                    max_length=10000 if long else 300,
                    widget=forms.Textarea(attrs={"rows": 3}) if long else forms.TextInput(),
                    help_text="For example, 03/06/2024, or “May 2016” if the day is not known"
                    if name == "date"
                    else "",
                )

    def answer_names(self) -> list[str]:
        return []  # the rows are one answer (``answers``), not a field each

    def get_initial_for_field(self, field: forms.Field, field_name: str) -> Any:
        if field_name == "version":
            return self.request.version
        number, name = field_name[1:].split("_", 1)
        index = int(number) - 1
        return self.saved[index].get(name, "") if index < len(self.saved) else ""

    def clean(self) -> dict[str, Any]:
        from cspr.chronology.dates import DateError, parse_date

        data = super().clean() or {}
        word = ROW_WORD[self.table]
        for n in range(1, self.tracker_rows + 1):
            values = {name: (data.get(f"r{n}_{name}") or "").strip() for name, _ in self.columns}
            if not any(values.values()):
                continue
            if not values["date"]:
                self.add_error(f"r{n}_date", f"Enter the date of {word} {n}")
            else:
                try:
                    parse_date(values["date"])
                except DateError as error:
                    self.add_error(f"r{n}_date", f"{word.capitalize()} {n}: {error}")
            if not values["key_event"]:
                self.add_error(f"r{n}_key_event", f"Enter the {word} of row {n}, or clear the row")
            if not values["source"]:
                self.add_error(f"r{n}_source", f"Enter the source of information of {word} {n}")
        return data

    def row_groups(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [(n, [self[f"r{n}_{name}"] for name, _ in self.columns]) for n in range(1, self.tracker_rows + 1)]

    def answers(self) -> dict[str, Any]:
        rows = []
        for n in range(1, self.tracker_rows + 1):
            values = {name: (self.cleaned_data.get(f"r{n}_{name}") or "").strip() for name, _ in self.columns}
            if any(values.values()):
                rows.append(values)
        return {self.table: rows}


def _rows_form(table: str) -> Any:
    def build(request: InformationRequest, data: Any, query: Mapping[str, str]) -> SectionForm:
        return RowsForm(data, request=request, table=table, rows=query.get("rows"))

    return build


def _row_text(row: Mapping[str, str], columns: tuple[tuple[str, str], ...]) -> str:
    return "\n".join(f"{heading.split(' (')[0]}: {row.get(name, '')}" for name, heading in columns if row.get(name))


class ChronologyKind(QuestionsKind):
    key = RequestType.CHRONOLOGY
    title = "Agency chronology"
    title_plural = "Agency chronologies"
    word_heading = "Key Events Chronology and Chronology of Organisational Changes"
    parts = PARTS
    lcspr = True
    letter_document = "CHRONOLOGY_REQUEST_LETTER"
    enclosures = ("CHRONOLOGY_TEMPLATES", "CHRONOLOGY_GUIDANCE")
    collated_title = "Agency chronologies side by side"

    def __init__(self) -> None:
        self.word_form = WordForm(
            upload_label="The completed chronology (Word or Excel)",
            filename=lambda r: f"{r.case.reference}-document-10-chronology-R{r.pk}.docx",
            build=self.build_word,
            read=self.read_word,
            kinds=frozenset({FileKind.DOCX, FileKind.XLSX}),
        )

    def sections_for(self, request: InformationRequest) -> list[Section]:
        return [
            *super().sections_for(request),
            Section(
                KEY_EVENTS,
                "The chronologies",
                "Key Events Chronology",
                _rows_form(KEY_EVENTS),
                template="portal/agency/section_rows.html",
                required=True,
            ),
            Section(
                ORGANISATIONAL,
                "The chronologies",
                "Chronology of Organisational Changes",
                _rows_form(ORGANISATIONAL),
                template="portal/agency/section_rows.html",
            ),
        ]

    def missing(self, request: InformationRequest) -> list[Missing]:
        problems = super().missing(request)
        if not rows_of(request, KEY_EVENTS):
            problems.append(Missing(KEY_EVENTS, "Enter at least one key event"))
        return problems

    def summary(self, request: InformationRequest) -> list[SummaryGroup]:
        groups = super().summary(request)
        for table, title in (
            (KEY_EVENTS, "Key Events Chronology"),
            (ORGANISATIONAL, "Chronology of Organisational Changes"),
        ):
            word = ROW_WORD[table]
            rows = [
                SummaryRow(f"{word.capitalize()} {n}", _row_text(row, TABLES[table]), table)
                for n, row in enumerate(rows_of(request, table), start=1)
            ]
            groups.append(SummaryGroup(title, rows or [SummaryRow(f"{word.capitalize()}s", "None entered", table)]))
        return groups

    def answers_context(self, request: InformationRequest) -> dict[str, Any]:
        context = super().answers_context(request)
        context["has_any"] = context["has_any"] or bool(rows_of(request, KEY_EVENTS))
        context["key_events"] = rows_of(request, KEY_EVENTS)
        context["organisational"] = rows_of(request, ORGANISATIONAL)
        return context

    # --- Word / Excel ------------------------------------------------------------------------

    def build_word(self, request: InformationRequest) -> bytes:
        answers = answers_of(request)
        doc = new_document()
        doc.styles["Normal"].font.size = Pt(10)
        doc.add_heading(self.word_heading, level=1)
        doc.add_paragraph(f"Child Safeguarding Practice Review – case {request.case.reference}")
        word_table(doc, [(REFERENCE_LABEL, request_code(request)), ("Agency", request.agency.name)])
        doc.add_paragraph(
            f"Return by {format_date(request.due_date)}. Keep the column headings; add a row for each event. "
            "Dates as DD/MM/YYYY (or the month or year when the day is not known)."
        )
        for part in self.question_sections(request):
            doc.add_heading(part.title, level=2)
            word_table(doc, [(q.label, word_value(q, answers.get(q.key))) for q in part.questions])
        for table, title in (
            (KEY_EVENTS, "Key Events Chronology"),
            (ORGANISATIONAL, "Chronology of Organisational Changes"),
        ):
            doc.add_heading(title, level=2)
            columns = TABLES[table]
            grid = doc.add_table(rows=1, cols=len(columns))
            grid.style = "Table Grid"
            for cell, (_, heading) in zip(grid.rows[0].cells, columns, strict=True):
                cell.text = heading
            rows = rows_of(request, table) or [{}]
            for row in rows:
                cells = grid.add_row().cells
                for cell, (name, _) in zip(cells, columns, strict=True):
                    cell.text = str(row.get(name, ""))
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()

    def read_word(self, data: bytes, request: InformationRequest) -> ReadBack:
        from cspr.chronology.importer import ImportFileError, read_file
        from cspr.chronology.models import EntryKind

        if _is_workbook(data):
            result = ReadBack()
            reference = _xlsx_reference(data)
        else:
            result = self.read_word_answers(data, request)
            reference = result.answers.pop("_reference", None)
        if reference != request_code(request):
            raise UploadRefused(
                "The selected file is the chronology for a different request, or has no request reference. "
                "Download the template from this request and fill that in"
            )
        try:
            _, raw = read_file(data)
        except ImportFileError as error:
            raise UploadRefused(str(error)) from None
        tables: dict[str, list[dict[str, str]]] = {KEY_EVENTS: [], ORGANISATIONAL: []}
        for row in raw:
            table = ORGANISATIONAL if row.kind == EntryKind.ORGANISATIONAL_CHANGE else KEY_EVENTS
            tables[table].append({name: _cell_text(row.values.get(name)) for name, _ in TABLES[table]})
        kept = {k: v for k, v in answers_of(request).items() if k not in (*tables, SAVED_SECTIONS)}
        result.answers = {**kept, **result.answers, **tables}
        return result

    # --- Import on acceptance -----------------------------------------------------------------

    def on_accept(self, request: InformationRequest, *, acting_user: Any) -> dict[str, Any]:
        """The accepted chronology goes into the integrated chronology (the chronology app's import)."""
        from cspr.chronology.actions import import_rows

        if not rows_of(request, KEY_EVENTS) and not rows_of(request, ORGANISATIONAL):
            return {"imported": 0}
        pending = import_rows(request.case, request.agency, self.build_word(request), acting_user=acting_user)
        return {"chronology_import": pending.pk, "imported": len(pending.accepted), "refused": len(pending.refused)}

    def due_date(self, case: Case, sent_on: dt.date) -> dt.date:
        return default_due(case, sent_on)

    def letter(self, request: InformationRequest) -> dict[str, Any]:
        return letter(
            request,
            title="Request to Complete Chronologies for a Safeguarding Review",
            opening=LETTER_OPENING,
            asks=LETTER_ASKS,
        )

    def build_letter(self, request: InformationRequest) -> bytes:
        return build_catalogue_letter(request, "CHRONOLOGY_REQUEST_LETTER")

    def letter_filename(self, request: InformationRequest) -> str:
        return f"{request.case.reference}-document-11-letter-R{request.pk}.docx"


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y}" if value.time() == dt.time(0, 0) else f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    return str(value).strip()


def _is_workbook(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _xlsx_reference(data: bytes) -> str | None:
    """The "Request reference" cell of an Excel return (the value beside the label, first sheets only)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in book.worksheets[:3]:
            for row in sheet.iter_rows(max_row=15, max_col=6, values_only=True):
                cells = [str(c).strip() if c is not None else "" for c in row]
                if REFERENCE_LABEL in cells:
                    index = cells.index(REFERENCE_LABEL)
                    return cells[index + 1] if index + 1 < len(cells) else None
    finally:
        book.close()
    return None
