"""The ``seven_minute_briefing`` document context (catalogue ``SEVEN_MINUTE_BRIEFING``): the briefing's
sections as the review team wrote them, the review's learning points and its recommendations endorsed
by all three safeguarding partners (``cspr.learning``)."""

from __future__ import annotations

from typing import TypedDict

from cspr.cases.models import Case
from cspr.dissemination.models import Briefing
from cspr.learning.documents import RecommendationRow, recommendation_rows
from cspr.learning.models import LearningPoint


class LearningPointRow(TypedDict):
    number: str
    title: str
    text: str


class BriefingContext(TypedDict):
    briefing_title: str | None
    briefing_background: str | None
    briefing_why_it_matters: str | None
    briefing_information: str | None
    briefing_learning_points: list[LearningPointRow] | None
    briefing_recommendations: list[RecommendationRow] | None
    briefing_questions: str | None
    briefing_what_to_do: str | None
    briefing_further_information: str | None


def learning_points(case: Case) -> list[LearningPoint]:
    return list(LearningPoint.objects.filter(case=case).order_by("number"))


def briefing_context(case: Case) -> BriefingContext:
    briefing = Briefing.objects.filter(case=case).first()
    points: list[LearningPointRow] = [
        {"number": str(p.number), "title": p.title, "text": p.text} for p in learning_points(case)
    ]

    # Only what all three partners endorsed (§9.2.6): a recommendation still awaiting a partner, or
    # whose endorsements an edit withdrew, is not the partnership's yet and must not be briefed.
    recommendations = recommendation_rows(case)

    def text(name: str) -> str | None:
        value = getattr(briefing, name, "") if briefing is not None else ""
        return str(value) if value else None

    return {
        "briefing_title": text("title"),
        "briefing_background": text("background"),
        "briefing_why_it_matters": text("why_it_matters"),
        "briefing_information": text("information"),
        "briefing_learning_points": points or None,
        "briefing_recommendations": recommendations or None,
        "briefing_questions": text("questions"),
        "briefing_what_to_do": text("what_to_do"),
        "briefing_further_information": text("further_information"),
    }
