"""What a request kind is: the one place that knows how one kind of information request is asked,
answered and read.

A kind owns its form (``sections``: each a task on the agency's task list, answered on a page of
its own and saved as a draft on its own), its completeness rule (``missing``: what still has to be
answered, each item pointing at the section where it is answered), its letter
(``letter_document``: the catalogue identifier; ``letter``: the words shown on the request page),
its Word/Excel return (``word_form``: build the fillable file, read it back into the same answer
keys), its due-date rule (``due_date``) and its collated view (``collated``). The portal's views
ask the kind, never the request type, so a new kind plugs in without touching them.

Copy ``cspr/portal/kinds/scoping.py`` for a new kind; a kind with plain questions needs only
``SectionForm`` subclasses with ordinary Django fields (see ``tests/portal/test_kinds.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet

from cspr.cases.models import Case
from cspr.filesafety.check import Kind as FileKind
from cspr.portal.models import InformationRequest
from cspr.ui.formatting import format_date
from cspr.ui.widgets import GovukDateField

if TYPE_CHECKING:
    from cspr.portal.actions import TrackerRow
    from cspr.portal.word_return import ReadBack

# Answer key under which the sections the agency has saved are remembered (for the task list).
SAVED_SECTIONS = "_sections"
# Answer keys that are not answers to a question.
META_KEYS = frozenset({SAVED_SECTIONS, "records", "family"})


def answers_of(request: InformationRequest) -> dict[str, Any]:
    return request.answers if isinstance(request.answers, dict) else {}


@dataclass(frozen=True)
class Missing:
    """Something the agency still has to answer, and the section where they answer it."""

    section: str
    message: str


@dataclass(frozen=True)
class SummaryRow:
    label: str
    value: str
    section: str  # the section a "Change" link goes to


@dataclass(frozen=True)
class SummaryGroup:
    heading: str
    rows: list[SummaryRow]


class SectionForm(forms.Form):
    """One section of a request's form. Nothing is required to save a draft: the kind's
    ``missing`` decides what must be answered before submission. The initial values come from
    the request's saved answers; ``answers()`` gives the keys this section writes."""

    version = forms.IntegerField(
        widget=forms.HiddenInput(),
        error_messages={
            "required": "Reload the page and enter your answers again",
            "invalid": "Reload the page and enter your answers again",
        },
    )

    # Answer keys that must be filled in before submission (not to save a draft).
    required_answers: frozenset[str] = frozenset()

    def __init__(self, data: Any = None, *, request: InformationRequest, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.request = request

    def answer_names(self) -> list[str]:
        return [name for name in self.fields if name != "version"]

    def get_initial_for_field(self, field: forms.Field, field_name: str) -> Any:
        if field_name == "version":
            return self.request.version
        value = answers_of(self.request).get(field_name, "")
        if isinstance(field, GovukDateField):
            try:
                return dt.date.fromisoformat(value) if value else None
            except (TypeError, ValueError):
                return None
        return value

    def answers(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for name in self.answer_names():
            value = self.cleaned_data.get(name)
            found[name] = value.isoformat() if isinstance(value, dt.date) else str(value or "").strip()
        return found

    def tracker_values(self) -> list[TrackerRow] | None:
        """Rows of an action tracker this section edits; ``None`` leaves the tracker as it is."""
        return None


@dataclass(frozen=True)
class Section:
    slug: str
    group: str  # the heading on the task list, in the toolkit's words ("Section 2: ...")
    title: str  # the task, numbered as the toolkit numbers it
    # (request, POST data or None, query parameters): the section's form, bound or not.
    form: Callable[[InformationRequest, Any, Mapping[str, str]], SectionForm]
    template: str = "portal/agency/section.html"
    required: bool = False  # shown as such on the task list; ``missing`` is the rule


@dataclass(frozen=True)
class WordForm:
    """The fillable Word (or Excel) return of a kind, and its reader into the online answer keys."""

    upload_label: str
    filename: Callable[[InformationRequest], str]
    build: Callable[[InformationRequest], bytes]
    read: Callable[[bytes, InformationRequest], ReadBack]
    # The file types a completed return may be (a chronology comes back in Word or Excel).
    kinds: frozenset[FileKind] = frozenset({FileKind.DOCX})


def plain(form_class: type[SectionForm]) -> Callable[[InformationRequest, Any, Mapping[str, str]], SectionForm]:
    """The form of a section that needs nothing but the request."""

    def build(request: InformationRequest, data: Any, query: Mapping[str, str]) -> SectionForm:
        return form_class(data, request=request)

    return build


class RequestKind:
    """The base of every request kind; the defaults suit a kind of plain questions."""

    key: str = ""
    title: str = ""
    title_plural: str = ""  # for lists and the task list ("Agency chronologies")
    sections: Sequence[Section] = ()
    letter_document: str | None = None  # catalogue identifier of the letter, if the kind has one
    word_form: WordForm | None = None
    answers_template: str = "portal/kinds/_answers.html"
    collated_template: str = "portal/kinds/collated.html"
    collated_title: str = "Returns side by side"
    # The LCSPR's kinds: sent once the review is commissioned, with a deadline set case by case
    # (rule 53); only the review team or the business manager accepts or returns them.
    lcspr: bool = False
    # The documents sent with the request (catalogue identifiers, agency audience), besides the letter.
    enclosures: tuple[str, ...] = ()
    # Whether the request asks about the agency's involvement with the child and family: its page
    # shows the family and the background and offers "no involvement". A follow-up about the
    # partnership's own work (an action plan's progress update) shows none of them.
    about_the_family: bool = True
    # Whether the submit page asks rule 24's questions (records secured, when and by whom, the
    # submission kept apart from the case files): they are about the agency's records of the child,
    # so an information request asks them and a progress update on an action plan does not.
    asks_records_secured: bool = True

    # --- The form ----------------------------------------------------------------------------

    def sections_for(self, request: InformationRequest) -> list[Section]:
        return list(self.sections)

    def section(self, request: InformationRequest, slug: str) -> Section | None:
        return next((s for s in self.sections_for(request) if s.slug == slug), None)

    def next_section(self, request: InformationRequest, slug: str) -> Section | None:
        found = self.sections_for(request)
        slugs = [s.slug for s in found]
        index = slugs.index(slug) if slug in slugs else len(found)
        return found[index + 1] if index + 1 < len(found) else None

    def missing(self, request: InformationRequest) -> list[Missing]:
        """What must still be answered before the return can be submitted."""
        problems = []
        answers = answers_of(request)
        for section in self.sections_for(request):
            form = section.form(request, None, {})
            for name in form.answer_names():
                if name in form.required_answers and not str(answers.get(name, "")).strip():
                    problems.append(Missing(section.slug, f"Enter {str(form.fields[name].label).lower()}"))
        return problems

    def summary(self, request: InformationRequest) -> list[SummaryGroup]:
        """The answers as the check page lists them, one group per task-list heading."""
        answers = answers_of(request)
        groups: dict[str, list[SummaryRow]] = {}
        for section in self.sections_for(request):
            form = section.form(request, None, {})
            for name in form.answer_names():
                field = form.fields[name]
                value = answers.get(name, "")
                if isinstance(field, GovukDateField) and value:
                    value = format_date(dt.date.fromisoformat(value))
                groups.setdefault(section.group, []).append(
                    SummaryRow(str(field.label), str(value or ""), section.slug)
                )
        return [SummaryGroup(heading, rows) for heading, rows in groups.items()]

    def unanswered(self, request: InformationRequest) -> list[Missing]:
        """Questions left unanswered in a return the agency may still submit; a non-empty list
        sends the return straight back with these listed (rule 54). Most kinds have none."""
        return []

    def topics(self, case: Case) -> list[dict[str, str]]:
        """What the request asks about, fixed when it is created (``InformationRequest.topics``)."""
        return []

    def on_accept(self, request: InformationRequest, *, acting_user: Any) -> dict[str, Any]:
        """Work done when a return is accepted, inside the accept action (the chronology's import);
        returns what the audit row should say."""
        return {}

    # --- Letter, due date, return ---------------------------------------------------------------

    def due_date(self, case: Case, sent_on: dt.date) -> dt.date:
        raise NotImplementedError

    def letter(self, request: InformationRequest) -> dict[str, Any] | None:
        """The letter's words for the request page (``portal/_letter.html``), or ``None``."""
        return None

    def build_letter(self, request: InformationRequest) -> bytes | None:
        return None

    def letter_filename(self, request: InformationRequest) -> str:
        return f"{request.case.reference}-letter-R{request.pk}.docx"

    def answers_context(self, request: InformationRequest) -> dict[str, Any]:
        """What ``answers_template`` shows of a return (read-only)."""
        answers = answers_of(request)
        return {
            "groups": self.summary(request),
            "has_any": any(str(v).strip() for k, v in answers.items() if k not in META_KEYS),
        }

    # --- The coordinator's collated view ------------------------------------------------------

    def collated(self, case: Case, returned: QuerySet[InformationRequest]) -> dict[str, Any]:
        """Every question with each agency's answer beside it."""
        found = list(returned)
        with_answers = [r for r in found if r.answers]
        questions: dict[str, list[tuple[InformationRequest, str]]] = {}
        for request in with_answers:
            for group in self.summary(request):
                for row in group.rows:
                    questions.setdefault(row.label, []).append((request, row.value))
        return {
            "questions": [{"label": label, "text": "", "answers": given} for label, given in questions.items()],
            "agencies": with_answers,
            "nil": [r for r in found if not r.answers],
        }
