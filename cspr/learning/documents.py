"""The "learning" document context: the case's learning points and the recommendations all three
safeguarding partners have endorsed (§9.2.6: only those enter the report). Document 19's appendix
prints them; the action plan (Document 20) can name this context for its recommendation column."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from cspr.cases.models import Case
from cspr.documents.context import register
from cspr.learning import queries


class PointRow(TypedDict):
    number: str
    title: str
    text: str
    themes: str


class RecommendationRow(TypedDict):
    number: str
    addressee: str
    change: str
    measure: str
    due_by: dt.date
    scope: str


class LearningContext(TypedDict):
    learning_point_rows: list[PointRow]
    recommendation_rows: list[RecommendationRow]


def recommendation_rows(case: Case) -> list[RecommendationRow]:
    """The recommendations all three partners endorsed, as the documents print them (also the
    7-minute briefing's, ``cspr.dissemination.context``)."""
    rows: list[RecommendationRow] = []
    for r in queries.endorsed_recommendations(case):
        scope = r.get_scope_display()
        if r.national_policy:
            scope += " (implications for national policy)"
        rows.append(
            {
                "number": f"Recommendation {r.number}",
                "addressee": r.addressee,
                "change": r.expected_change,
                "measure": r.measure,
                "due_by": r.due_by,
                "scope": scope,
            }
        )
    return rows


def learning_context(case: Case) -> LearningContext:
    points: list[PointRow] = [
        {
            "number": f"Learning Point {p.number}",
            "title": p.title,
            "text": p.text,
            "themes": ", ".join(t.name for t in p.themes.all()),
        }
        for p in queries.learning_points(case)
    ]
    return {"learning_point_rows": points, "recommendation_rows": recommendation_rows(case)}


def register_document_context() -> None:
    register("learning", LearningContext, learning_context)
