"""The first request kind: initial scoping and information sharing (Document 2, with its letter
Document 2a; toolkit §4.3, rules 20–24, 72). Copy this file to add a kind.

The form follows the toolkit's sections: the contact details of the person completing it, then
Section 2's seven questions, numbered as the toolkit numbers them (question 2 holds the family
details of Section 1's people; question 5 holds the action tracker), then Section 3 (records
secured and submission, on the check page). Section 1 (the family composition) is filled in by the
partnership before sending and shown for checking.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import QuerySet

from cspr.cases.models import Case
from cspr.portal import scoping, word_return
from cspr.portal.clock import return_due
from cspr.portal.kinds.base import (
    META_KEYS,
    Missing,
    RequestKind,
    Section,
    SectionForm,
    SummaryGroup,
    SummaryRow,
    WordForm,
    answers_of,
    plain,
)
from cspr.portal.kinds.scoping_forms import ContactForm, FamilyForm, QuestionForm, fields_asked, learning_form
from cspr.portal.models import CORRECTABLE_FIELDS, InformationRequest, LearningAction, RequestState, RequestType
from cspr.ui.formatting import format_date

CONTACT_GROUP = "Contact details of the individual or agency completing this form"
SECTION_2 = "Section 2: Agency information and involvement"
QUESTIONS = {q.key: q for q in scoping.QUESTIONS}
FAMILY_TITLE = "2. Family details held by your agency"


def _question(key: str) -> Callable[[InformationRequest, Any, Mapping[str, str]], SectionForm]:
    def build(request: InformationRequest, data: Any, query: Mapping[str, str]) -> SectionForm:
        return QuestionForm(data, request=request, question=QUESTIONS[key])

    return build


SECTIONS = (
    Section("contact", CONTACT_GROUP, "Contact details", plain(ContactForm), required=True),
    Section(
        "involvement",
        SECTION_2,
        QUESTIONS["summary_of_involvement"].label,
        _question("summary_of_involvement"),
        required=True,
    ),
    Section("family", SECTION_2, FAMILY_TITLE, plain(FamilyForm), template="portal/agency/section_family.html"),
    Section("analysis", SECTION_2, QUESTIONS["analysis_of_practice"].label, _question("analysis_of_practice")),
    Section(
        "concerns", SECTION_2, QUESTIONS["working_together_concerns"].label, _question("working_together_concerns")
    ),
    Section(
        "learning",
        SECTION_2,
        QUESTIONS["learning"].label,
        learning_form,
        template="portal/agency/section_learning.html",
    ),
    Section("other_agencies", SECTION_2, QUESTIONS["other_agencies"].label, _question("other_agencies")),
    Section("further_information", SECTION_2, QUESTIONS["further_information"].label, _question("further_information")),
)
# The section where each answer key is given (for the check page's change links).
SECTION_OF = {
    **{q.key: "contact" for q in scoping.CONTACT},
    "summary_of_involvement": "involvement",
    "analysis_of_practice": "analysis",
    "working_together_concerns": "concerns",
    "learning": "learning",
    "other_agencies": "other_agencies",
    "further_information": "further_information",
}


def learning_actions(case: Case) -> list[LearningAction]:
    """Every agency's Question 5 tracker rows on the case."""
    return list(
        LearningAction.objects.filter(request__case=case, request__request_type=RequestType.SCOPING)
        .select_related("request__agency")
        .order_by("request__agency__name", "number")
    )


def _tracker_text(row: LearningAction) -> str:
    parts = [
        row.learning_point,
        f"Action required: {row.action or 'not given'}",
        f"Lead: {row.lead or 'not given'}",
        f"Target date for completion: {format_date(row.target_date, 'not given')}",
        f"RAG: {row.rag}",
    ]
    if row.evidence:
        parts.insert(4, f"Evidence of progress: {row.evidence}")
    return "\n".join(parts)


class ScopingKind(RequestKind):
    key = RequestType.SCOPING
    title = "Initial scoping and information sharing"
    sections = SECTIONS
    letter_document = "SCOPING_LETTER"
    word_form = WordForm(
        upload_label="The completed scoping form (Word)",
        filename=lambda r: f"{r.case.reference}-document-2-scoping-R{r.pk}.docx",
        build=word_return.build_template,
        read=word_return.read_return,
    )
    answers_template = "portal/_answers.html"
    collated_template = "portal/case/collated.html"
    collated_title = "Scoping returns side by side"

    def missing(self, request: InformationRequest) -> list[Missing]:
        answers = answers_of(request)
        problems = [
            Missing(SECTION_OF[q.key], f"Enter {q.label.lower()}")
            for q in (*scoping.CONTACT, *scoping.QUESTIONS)
            if q.required and not str(answers.get(q.key, "")).strip()
        ]
        for row in request.learning_actions.all():
            if not row.action:
                problems.append(Missing("learning", f"Enter the action required for learning point {row.number}"))
            if row.target_date is None:
                problems.append(
                    Missing("learning", f"Enter the target date for completion of learning point {row.number}")
                )
        return problems

    def summary(self, request: InformationRequest) -> list[SummaryGroup]:
        answers = answers_of(request)
        contact = []
        for q in scoping.CONTACT:
            value = str(answers.get(q.key, ""))
            if q.key == "date_completed" and value:
                with contextlib.suppress(ValueError):
                    value = format_date(dt.date.fromisoformat(value))
            contact.append(SummaryRow(q.label, value, "contact"))
        rows: list[SummaryRow] = []
        family = answers.get("family", {}) if isinstance(answers.get("family"), dict) else {}
        for q in scoping.QUESTIONS:
            rows.append(SummaryRow(q.label, str(answers.get(q.key, "")), SECTION_OF[q.key]))
            if q.key == "summary_of_involvement":
                for person in request.case.people.all():
                    given = family.get(str(person.pk), {})
                    details = [
                        f"{CORRECTABLE_FIELDS[name]}: {given.get(name) or getattr(person, name) or 'not recorded'}"
                        for name in fields_asked(person)
                    ]
                    rows.append(SummaryRow(f"2. {person_label(person)}", "\n".join(details), "family"))
            if q.key == "learning":
                for row in request.learning_actions.all():
                    rows.append(SummaryRow(f"Learning point {row.number}", _tracker_text(row), "learning"))
        return [SummaryGroup(CONTACT_GROUP, contact), SummaryGroup(SECTION_2, rows)]

    def due_date(self, case: Case, sent_on: dt.date) -> dt.date:
        return return_due(case, sent_on)

    def letter(self, request: InformationRequest) -> dict[str, Any]:
        """Document 2a, filled in: date, the asks, the concrete submission date (rule 22), contact."""
        partnership = request.case.lead_partnership
        contact = ", ".join(x for x in (partnership.contact_email, partnership.contact_phone) if x)
        return {
            "date": format_date(request.sent_at),
            "title": "Child Safeguarding Practice Review – Initial Scoping and Information Sharing",
            "opening": scoping.LETTER_OPENING,
            "asks": scoping.LETTER_ASKS,
            "no_involvement": scoping.LETTER_NO_INVOLVEMENT,
            "deadline": scoping.LETTER_DEADLINE.format(due=format_date(request.due_date)),
            "contact": f"If you require any further information please contact {partnership.name}"
            + (f" ({contact})." if contact else "."),
            "signature": [partnership.signature_name, partnership.signature_role, partnership.name],
        }

    def build_letter(self, request: InformationRequest) -> bytes:
        from cspr.portal.views_common import build_letter

        return build_letter(request)

    def letter_filename(self, request: InformationRequest) -> str:
        return f"{request.case.reference}-document-2a-letter.docx"

    def answers_context(self, request: InformationRequest) -> dict[str, Any]:
        """The return as label/value rows in the toolkit's order, and the family-detail changes the
        agency proposes (question 2) and its action tracker (question 5)."""
        answers = answers_of(request)
        family = answers.get("family", {}) if isinstance(answers.get("family"), dict) else {}
        changes = []
        for person in request.case.people.all():
            given = family.get(str(person.pk), {})
            for name in fields_asked(person):
                proposed = str(given.get(name) or "").strip()
                current = (getattr(person, name) or "").strip()
                if proposed and proposed != current:
                    changes.append(
                        {"person": person, "label": CORRECTABLE_FIELDS[name], "current": current, "proposed": proposed}
                    )
        contact = {row.label: row.value for row in self.summary(request)[0].rows}
        return {
            "contact": list(contact.items()),
            "questions": [(q.key, q.label, q.text, answers.get(q.key, "")) for q in scoping.QUESTIONS],
            "changes": changes,
            "tracker": list(request.learning_actions.all()),
            "has_any": any(str(v).strip() for k, v in answers.items() if k not in META_KEYS),
        }

    def collated(self, case: Case, returned: QuerySet[InformationRequest]) -> dict[str, Any]:
        found = list(returned)
        with_answers = [r for r in found if r.state != RequestState.NO_INVOLVEMENT or r.answers]
        questions = [
            {"label": q.label, "text": q.text, "answers": [(r, answers_of(r).get(q.key, "")) for r in with_answers]}
            for q in scoping.QUESTIONS
        ]
        return {
            "questions": questions,
            "agencies": with_answers,
            "nil": [r for r in found if r.state == RequestState.NO_INVOLVEMENT],
            "tracker": learning_actions(case),
        }


def person_label(person: Any) -> str:
    return f"{person} ({person.relationship_to_child or person.get_role_display()})"
