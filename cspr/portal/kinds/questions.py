"""Kinds made of labelled questions (the information report, the learning template): each section
is a list of ``Q``; the online form, the check page, the Word return and its reader are all built
from that one list, so a question cannot be answered online and lost in Word or the other way.

The Word return is a two-column table per section: the question's label in the left cell (never
changed by the agency), the answer in the right one, and a "Request reference" row that ties the
file to its request (``cspr.portal.word_return.request_code``).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from docx import Document
from docx.shared import Pt

from cspr.documents.ooxml import new_document
from cspr.filesafety import word_tables
from cspr.portal.kinds.base import (
    SAVED_SECTIONS,
    Missing,
    RequestKind,
    Section,
    SectionForm,
    SummaryGroup,
    SummaryRow,
    answers_of,
)
from cspr.portal.models import InformationRequest
from cspr.portal.uploads import UploadRefused
from cspr.portal.word_return import REFERENCE_LABEL, ReadBack, parse_date, request_code
from cspr.ui.formatting import format_date
from cspr.ui.widgets import GovukDateField

LONG, SHORT, DATE, CONFIRM, YES_NO = "long", "short", "date", "confirm", "yes_no"
CONFIRMED = "yes"
YES_WORDS = frozenset({"yes", "y", "x", "true", "confirmed", "✓", "☒"})
NO_WORDS = frozenset({"no", "n", "false"})


@dataclass(frozen=True)
class Q:
    key: str
    label: str
    hint: str = ""
    type: str = LONG
    # Must be answered before the return can be submitted (the author, the sign-off).
    required: bool = False
    # A question of the report: left unanswered, the submitted return comes back (rule 54).
    question: bool = False


def _field(q: Q) -> forms.Field:
    if q.type == DATE:
        return GovukDateField(label=q.label, help_text=q.hint, required=False, label_for_errors=q.label.lower())
    if q.type == CONFIRM:
        return forms.BooleanField(label=q.label, help_text=q.hint, required=False)
    if q.type == YES_NO:
        return forms.ChoiceField(
            label=q.label,
            help_text=q.hint,
            required=False,
            choices=[("yes", "Yes"), ("no", "No")],
            widget=forms.RadioSelect,
        )
    long = q.type == LONG
    return forms.CharField(
        label=q.label,
        help_text=q.hint,
        required=False,
        max_length=20000 if long else 500,
        widget=forms.Textarea(attrs={"rows": 6}) if long else forms.TextInput(),
    )


class QuestionsForm(SectionForm):
    def __init__(self, *args: Any, questions: Sequence[Q], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            self.fields[q.key] = _field(q)
        self.required_answers = frozenset(q.key for q in self.questions if q.required)

    def get_initial_for_field(self, field: forms.Field, field_name: str) -> Any:
        if isinstance(field, forms.BooleanField):
            return answers_of(self.request).get(field_name) == CONFIRMED
        return super().get_initial_for_field(field, field_name)

    def answers(self) -> dict[str, Any]:
        found = super().answers()
        for q in self.questions:
            if q.type == CONFIRM:
                found[q.key] = CONFIRMED if self.cleaned_data.get(q.key) else ""
        return found


def questions_form(
    questions: Sequence[Q],
) -> Callable[[InformationRequest, Any, Mapping[str, str]], SectionForm]:
    def build(request: InformationRequest, data: Any, query: Mapping[str, str]) -> SectionForm:
        return QuestionsForm(data, request=request, questions=questions)

    return build


def shown(q: Q, value: Any) -> str:
    """An answer as the pages and the Word file show it."""
    text = str(value or "").strip()
    if not text:
        return ""
    if q.type == DATE:
        try:
            return format_date(dt.date.fromisoformat(text))
        except ValueError:
            return text
    if q.type == CONFIRM:
        return "Confirmed" if text == CONFIRMED else ""
    if q.type == YES_NO:
        return {"yes": "Yes", "no": "No"}.get(text, text)
    return text


@dataclass(frozen=True)
class QuestionSection:
    slug: str
    group: str
    title: str
    questions: tuple[Q, ...]


class QuestionsKind(RequestKind):
    """A kind whose sections are ``QuestionSection`` lists; override ``question_sections`` when
    they depend on the request (the learning template's KLOEs)."""

    parts: tuple[QuestionSection, ...] = ()
    word_heading: str = ""

    def question_sections(self, request: InformationRequest) -> list[QuestionSection]:
        return list(self.parts)

    def sections_for(self, request: InformationRequest) -> list[Section]:
        return [
            Section(part.slug, part.group, part.title, questions_form(part.questions), required=_required(part))
            for part in self.question_sections(request)
        ]

    def all_questions(self, request: InformationRequest) -> list[tuple[QuestionSection, Q]]:
        return [(part, q) for part in self.question_sections(request) for q in part.questions]

    def missing(self, request: InformationRequest) -> list[Missing]:
        answers = answers_of(request)
        return [
            Missing(part.slug, _ask(q))
            for part, q in self.all_questions(request)
            if q.required and not str(answers.get(q.key, "")).strip()
        ]

    def unanswered_questions(self, request: InformationRequest) -> list[Missing]:
        answers = answers_of(request)
        return [
            Missing(part.slug, q.label)
            for part, q in self.all_questions(request)
            if q.question and not str(answers.get(q.key, "")).strip()
        ]

    def summary(self, request: InformationRequest) -> list[SummaryGroup]:
        answers = answers_of(request)
        groups: dict[str, list[SummaryRow]] = {}
        for part, q in self.all_questions(request):
            groups.setdefault(part.group, []).append(SummaryRow(q.label, shown(q, answers.get(q.key)), part.slug))
        return [SummaryGroup(heading, rows) for heading, rows in groups.items()]

    # --- Word ------------------------------------------------------------------------------------

    def build_word(self, request: InformationRequest) -> bytes:
        answers = answers_of(request)
        doc = new_document()
        doc.styles["Normal"].font.size = Pt(11)
        doc.add_heading(self.word_heading or self.title, level=1)
        doc.add_paragraph(f"Child Safeguarding Practice Review – case {request.case.reference}")
        word_table(doc, [(REFERENCE_LABEL, request_code(request)), ("Agency", request.agency.name)])
        doc.add_paragraph(
            f"Return by {format_date(request.due_date)}. Type your answers in the right-hand cells; do not change "
            "the labels in the left-hand cells. Dates as DD/MM/YYYY; for a confirmation type Yes. "
            "Upload the completed file on the request's page."
        )
        group = ""
        for part in self.question_sections(request):
            if part.group != group:
                doc.add_heading(part.group, level=2)
                group = part.group
            doc.add_heading(part.title, level=3)
            word_table(doc, [(q.label, word_value(q, answers.get(q.key))) for q in part.questions])
        return _save(doc)

    def read_word_answers(self, data: bytes, request: InformationRequest) -> ReadBack:
        """The labelled answers of a completed Word file, its request reference under ``_reference``."""
        try:
            tables = [word_tables.rows(table) for table in Document(io.BytesIO(data)).tables]
        except Exception as error:
            raise UploadRefused(f"The selected file is not the {self.title.lower()} form") from error
        by_label = {q.label.lower(): q for _, q in self.all_questions(request)}
        result = ReadBack()
        for grid in tables:
            for row in grid:
                if len(row) < 2:
                    continue
                label, value = row[0].split("\n")[0].strip(), row[-1].strip()
                if label == REFERENCE_LABEL:
                    result.answers["_reference"] = value
                elif label.lower() in by_label:
                    q = by_label[label.lower()]
                    result.answers[q.key] = _read_value(q, value, result.problems)
        return result

    def read_word(self, data: bytes, request: InformationRequest) -> ReadBack:
        result = self.read_word_answers(data, request)
        if result.answers.pop("_reference", None) != request_code(request):
            raise UploadRefused(
                "The selected file is the form for a different request. Download the form from this request and fill that in"
            )
        # Keep what the online form holds beyond these answers (the records secured).
        kept = {k: v for k, v in answers_of(request).items() if k not in result.answers and k != SAVED_SECTIONS}
        result.answers = {**kept, **result.answers}
        return result


def _required(part: QuestionSection) -> bool:
    return any(q.required for q in part.questions)


def _ask(q: Q) -> str:
    if q.type == CONFIRM:
        return f"Confirm: {q.label[0].lower()}{q.label[1:]}"
    return f"Enter {q.label[0].lower()}{q.label[1:]}"


def word_value(q: Q, value: Any) -> str:
    text = str(value or "").strip()
    if q.type == DATE and text:
        try:
            return f"{dt.date.fromisoformat(text):%d/%m/%Y}"
        except ValueError:
            return text
    if q.type == CONFIRM:
        return "Yes" if text == CONFIRMED else ""
    return text


def _read_value(q: Q, value: str, problems: list[str]) -> str:
    if q.type == DATE:
        if not value:
            return ""
        parsed = parse_date(value)
        if parsed is None:
            problems.append(f"{q.label}: “{value[:40]}” is not a date, so it was left out")
            return ""
        return parsed.isoformat()
    if q.type == CONFIRM:
        return CONFIRMED if value.strip().lower() in YES_WORDS else ""
    if q.type == YES_NO:
        word = value.strip().lower()
        return "yes" if word in YES_WORDS else "no" if word in NO_WORDS else ""
    return value


def word_table(doc: Any, rows: list[tuple[str, str]]) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value


def _save(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
