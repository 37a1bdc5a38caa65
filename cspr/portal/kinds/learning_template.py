"""The learning template (Document 13; toolkit §8.6, rule 53: signed off at executive level).

Section 1 names the author (independent of the case) and the senior agency lead who signs it off
at executive level; Section 2 is the synopsis before the review period; Section 3 is one section per
key line of enquiry and Section 4 one per significant event (the key practice learning events
flagged in the integrated chronology), each with analysis, recommendation and good practice;
Section 5 is the synopsis after the review period. The KLOEs and events are fixed on the request
when it is created (``InformationRequest.topics``), so the agency's answers stay under the heading
they were written for.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cspr.cases.models import Case
from cspr.portal.kinds.base import WordForm
from cspr.portal.kinds.lcspr import (
    author_questions,
    default_due,
    letter,
    review_kloes,
    sign_off_questions,
    significant_events,
)
from cspr.portal.kinds.questions import Q, QuestionSection, QuestionsKind
from cspr.portal.models import InformationRequest, RequestType

SECTION_1 = "Section 1"
SECTION_2 = "Section 2"
SECTION_3 = "Section 3: Key lines of enquiry"
SECTION_4 = "Section 4: Significant practice events"
SECTION_5 = "Section 5"

LETTER_OPENING = [
    "We are undertaking a local Child Safeguarding Practice Review. To support this, we are asking agencies to "
    "review their own service delivery and complete a Learning Template for each key line of enquiry and each "
    "significant practice event.",
]
LETTER_ASKS = [
    "Complete Section 3 for each key line of enquiry and Section 4 for each significant event listed.",
    "The author is independent of the case; the template is signed off by your organisation at an executive level.",
    "If the author uncovers a significant area of learning not covered by the Terms of Reference, alert the "
    "review team as soon as possible.",
]


def _topic_questions(slug: str, heading: str) -> tuple[Q, ...]:
    return (
        Q(f"{slug}_analysis", f"Analysis: {heading}"),
        Q(f"{slug}_recommendation", f"Recommendation: {heading}"),
        Q(f"{slug}_good_practice", f"Highlight good practice: {heading}"),
    )


class LearningTemplateKind(QuestionsKind):
    key = RequestType.LEARNING_TEMPLATE
    title = "Learning template"
    title_plural = "Learning templates"
    word_heading = "Learning Template"
    lcspr = True
    letter_document = None
    enclosures = ("LEARNING_TEMPLATE",)
    collated_title = "Learning templates side by side"

    def __init__(self) -> None:
        self.word_form = WordForm(
            upload_label="The completed learning template (Word)",
            filename=lambda r: f"{r.case.reference}-document-13-learning-template-R{r.pk}.docx",
            build=self.build_word,
            read=self.read_word,
        )

    def topics(self, case: Case) -> list[dict[str, str]]:
        found = [
            {"slug": f"kloe_{n}", "kind": "kloe", "heading": f"Key line of enquiry {n}: {text}"}
            for n, text in enumerate(review_kloes(case), start=1)
        ]
        found += [
            {"slug": f"event_{e['id']}", "kind": "event", "heading": f"Significant event {e['date']}: {e['event']}"}
            for e in significant_events(case)
        ]
        return found

    def question_sections(self, request: InformationRequest) -> list[QuestionSection]:
        topics = request.topics if isinstance(request.topics, list) and request.topics else self.topics(request.case)
        parts = [
            QuestionSection(
                "author",
                SECTION_1,
                "Author, including designation and contact details",
                (
                    Q("subject_child", "1. Subject child details", type="short"),
                    *author_questions("learning template"),
                ),
            ),
            QuestionSection(
                "sign_off",
                SECTION_1,
                "Senior agency lead signing off at executive level",
                sign_off_questions("learning template", executive=True),
            ),
            QuestionSection(
                "prior",
                SECTION_2,
                "Synopsis of agency involvement prior to the review period",
                (
                    Q(
                        "synopsis_prior",
                        "Synopsis of agency involvement prior to the review period and additional learning",
                    ),
                ),
            ),
        ]
        for topic in topics:
            group = SECTION_3 if topic.get("kind") == "kloe" else SECTION_4
            heading = str(topic.get("heading", ""))
            parts.append(QuestionSection(str(topic["slug"]), group, heading, _topic_questions(topic["slug"], heading)))
        parts.append(
            QuestionSection(
                "post",
                SECTION_5,
                "Synopsis of agency involvement after the review period",
                (Q("synopsis_post", "Synopsis of agency involvement post the review period and additional learning"),),
            )
        )
        return parts

    def due_date(self, case: Case, sent_on: dt.date) -> dt.date:
        return default_due(case, sent_on)

    def letter(self, request: InformationRequest) -> dict[str, Any]:
        return letter(
            request, title="Request to Complete a Learning Template", opening=LETTER_OPENING, asks=LETTER_ASKS
        )
