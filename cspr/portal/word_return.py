"""The fillable Word version of Document 2, pre-filled from the case, and its reader.

Every answer sits in a table row whose first cell is a stable label from ``cspr.portal.scoping``
(the family table and the action tracker are found by their header rows), so the reader maps a
completed file back into exactly the fields of the online form. A hidden-in-plain-sight row
"Request reference" ties the file to its request: a form for another request is refused.

Uploaded files reach ``read_return`` only after ``cspr.portal.uploads.inspect`` accepted them
(no DOCTYPE, no entities, no macros; parts, table rows, cells and merged cells counted and bounded
before python-docx opens the file). Tables are read by ``cspr.filesafety.word_tables`` in one pass:
python-docx's ``row.cells`` is quadratic in vertically merged cells.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from docx import Document
from docx.shared import Pt

from cspr.cases.models import Person
from cspr.documents.ooxml import new_document
from cspr.filesafety import word_tables
from cspr.portal import scoping
from cspr.portal.actions import TrackerRow
from cspr.portal.kinds.scoping_forms import fields_asked
from cspr.portal.models import CORRECTABLE_FIELDS, InformationRequest, Rag
from cspr.portal.uploads import UploadRefused
from cspr.ui.formatting import format_date

REFERENCE_LABEL = "Request reference"
FAMILY_REF_HEADER = "Ref"
MIN_TRACKER_ROWS = 5
# What the family table says where a detail is not asked of a person (employment of a child).
NOT_ASKED = "Not applicable"


def request_code(request: InformationRequest) -> str:
    return f"R{request.pk}-{request.case.reference}"


def _person_label(person: Person) -> str:
    rel = person.relationship_to_child or person.get_role_display()
    return f"{person} ({rel})"


def _two_column(doc: Any, rows: list[tuple[str, str]]) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value


def build_template(request: InformationRequest) -> bytes:
    """Document 2 pre-filled with the family composition and whatever the agency already saved."""
    case = request.case
    answers: dict[str, Any] = request.answers if isinstance(request.answers, dict) else {}
    doc = new_document()
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading("Initial Scoping and Information Sharing", level=1)
    doc.add_paragraph(f"Potential Child Safeguarding Practice Review – case {case.reference}")
    _two_column(doc, [(REFERENCE_LABEL, request_code(request)), ("Agency", request.agency.name)])
    doc.add_paragraph(
        f"Return by {format_date(request.due_date)}. Type your answers in the right-hand cells; do not change "
        "the labels in the left-hand cells. Upload the completed file on the request's page."
    )
    for paragraph in scoping.INTRO:
        doc.add_paragraph(paragraph)

    doc.add_heading("Contact details of individual / agency completing this form", level=2)
    _two_column(doc, [(q.label, str(answers.get(q.key, ""))) for q in scoping.CONTACT])

    doc.add_heading("Background information", level=2)
    _two_column(
        doc,
        [
            ("Summary of case", request.case_summary or "Not provided"),
            ("Indicative time period to be looked at", request.time_period or "Not provided"),
        ],
    )

    doc.add_heading("Section 1: Composition of the child's family", level=2)
    doc.add_paragraph(scoping.FAMILY_CHECK)
    people = list(case.people.all())
    for person in people:
        _two_column(
            doc,
            [
                (person.get_role_display().upper(), _person_label(person)),
                ("Also known as", person.also_known_as),
                ("Ethnicity", person.ethnicity),
                ("NHS number", person.nhs_number),
                ("Date of birth", format_date(person.date_of_birth, "")),
                ("Home address", person.address),
            ],
        )

    doc.add_heading("Section 2: Agency information and involvement", level=2)
    questions = {q.key: q for q in scoping.QUESTIONS}
    _question(doc, questions["summary_of_involvement"], answers)
    doc.add_paragraph(scoping.FAMILY_QUESTION)
    family = answers.get("family", {})
    table = doc.add_table(rows=1, cols=2 + len(CORRECTABLE_FIELDS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, [FAMILY_REF_HEADER, "Name", *CORRECTABLE_FIELDS.values()], strict=True):
        cell.text = text
    for person in people:
        given = family.get(str(person.pk), {})
        asked = fields_asked(person)
        values = [
            str(given.get(f) or getattr(person, f) or "") if f in asked else NOT_ASKED for f in CORRECTABLE_FIELDS
        ]
        for cell, text in zip(table.add_row().cells, [f"P{person.pk}", str(person), *values], strict=True):
            cell.text = text
    for key in ("analysis_of_practice", "working_together_concerns", "learning"):
        _question(doc, questions[key], answers)
    tracker = list(request.learning_actions.all())
    table = doc.add_table(rows=1, cols=len(scoping.TRACKER_HEADERS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, scoping.TRACKER_HEADERS, strict=True):
        cell.text = text
    for number in range(1, max(MIN_TRACKER_ROWS, len(tracker) + 2) + 1):
        row = tracker[number - 1] if number <= len(tracker) else None
        values = [
            str(number),
            row.learning_point if row else "",
            row.action if row else "",
            row.lead if row else "",
            (row.target_date.strftime("%d/%m/%Y") if row and row.target_date else ""),
            row.evidence if row else "",
            row.rag if row else Rag.PENDING,
        ]
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    for key in ("other_agencies", "further_information"):
        _question(doc, questions[key], answers)

    doc.add_heading("Securing the records", level=2)
    doc.add_paragraph(scoping.LETTER_ASKS[2])
    _two_column(
        doc,
        [
            (scoping.RECORDS_LABELS["records_secured_on"], ""),
            (scoping.RECORDS_LABELS["records_secured_by"], ""),
            (scoping.RECORDS_LABELS["kept_separate"], ""),
        ],
    )
    doc.add_heading("Section 3: Advice and submission of this form", level=2)
    partnership = case.lead_partnership
    contact = ", ".join(x for x in (partnership.contact_email, partnership.contact_phone) if x)
    doc.add_paragraph(
        f"For advice on completion of this form contact {partnership.name}: {contact or 'the partnership'}."
    )
    doc.add_paragraph("Submit the completed form by uploading it to the request in CSPR Manager. Do not email it.")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _question(doc: Any, question: scoping.Question, answers: dict[str, Any]) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    cells = table.rows[0].cells
    cells[0].text = f"{question.label}\n{question.text}"
    cells[1].text = str(answers.get(question.key, ""))


@dataclass
class ReadBack:
    answers: dict[str, Any] = field(default_factory=dict)
    tracker: list[TrackerRow] = field(default_factory=list)
    records_secured_on: dt.date | None = None
    records_secured_by: str = ""
    kept_separate: bool | None = None
    problems: list[str] = field(default_factory=list)


_DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d-%m-%Y", "%d.%m.%Y")


def parse_date(text: str) -> dt.date | None:
    text = re.sub(r"\s+", " ", text.strip())
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValueError(text)


def _rag(text: str) -> str:
    first = text.strip()[:1].upper()
    return first if first in {"R", "A", "G", "P"} else Rag.PENDING


def read_return(data: bytes, request: InformationRequest) -> ReadBack:  # noqa: C901 - one pass over the tables
    """Read a completed template back into the answers of the online form."""
    try:
        # Read every table up front: a damaged cell property is a refusal here, not an error later.
        tables = [word_tables.rows(table) for table in Document(io.BytesIO(data)).tables]
    except Exception as error:
        raise UploadRefused("The selected file is not the scoping form. Download the form and fill that in") from error
    labels = {q.label.lower(): q.key for q in (*scoping.CONTACT, *scoping.QUESTIONS)}
    records = {label.lower(): key for key, label in scoping.RECORDS_LABELS.items()}
    people = {f"P{p.pk}": p for p in request.case.people.all()}
    result = ReadBack()
    found_reference = None
    family: dict[str, dict[str, str]] = {}
    for grid in tables:
        rows = [[text.strip() for text in row] for row in grid]
        if not rows:
            continue
        header = [h.strip() for h in rows[0]]
        if header and header[0] == FAMILY_REF_HEADER:
            for row in rows[1:]:
                person = people.get(row[0].strip())
                if person is not None:
                    given = dict(zip(CORRECTABLE_FIELDS, (v.strip() for v in row[2:]), strict=False))
                    family[str(person.pk)] = {k: v for k, v in given.items() if k in fields_asked(person)}
            continue
        if header and header[0] == scoping.TRACKER_HEADERS[0]:
            _read_tracker(rows[1:], result)
            continue
        for row in rows:
            if len(row) < 2:
                continue
            label, value = row[0].split("\n")[0].strip(), row[-1].strip()
            if label == REFERENCE_LABEL:
                found_reference = value
            elif label.lower() in labels:
                result.answers[labels[label.lower()]] = value
            elif label.lower() in records:
                _read_record(records[label.lower()], value, result)
    if found_reference != request_code(request):
        raise UploadRefused(
            "The selected file is the form for a different request. Download the form from this request and fill that in"
        )
    if "date_completed" in result.answers:
        try:
            completed = parse_date(result.answers["date_completed"])
            result.answers["date_completed"] = completed.isoformat() if completed else ""
        except ValueError:
            result.problems.append("Date completed could not be read: enter it on the form")
            result.answers["date_completed"] = ""
    result.answers["family"] = family
    return result


def _read_tracker(rows: list[list[str]], result: ReadBack) -> None:
    for row in rows:
        cells = [*row, *[""] * (7 - len(row))]
        _, point, action, lead, target, evidence, rag = (c.strip() for c in cells[:7])
        if not any((point, action, lead, target, evidence)):
            continue
        try:
            target_date = parse_date(target)
        except ValueError:
            target_date = None
            result.problems.append(f"Target date of learning point {len(result.tracker) + 1} could not be read")
        result.tracker.append(TrackerRow(point, action, lead, target_date, evidence, _rag(rag)))


def _read_record(key: str, value: str, result: ReadBack) -> None:
    if key == "records_secured_on":
        try:
            result.records_secured_on = parse_date(value)
        except ValueError:
            result.problems.append("Date records were secured could not be read")
    elif key == "records_secured_by":
        result.records_secured_by = value
    elif key == "kept_separate":
        result.kept_separate = value.strip().lower().startswith("y") if value.strip() else None
