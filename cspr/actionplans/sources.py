"""What an action plan's actions are created from (rule 71, Document 2 Q5, rule 72): each endorsed
recommendation, the Rapid Review's immediate learning (Document 4) and each row of the agencies'
scoping action trackers (Document 2 Q5).

Endorsement belongs to ``cspr.learning``: only recommendations all three safeguarding partners
endorsed become actions (``cspr.learning.queries.endorsed_recommendations``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cspr.actionplans.models import Source
from cspr.cases.models import Case
from cspr.learning.models import Recommendation
from cspr.learning.queries import endorsed_recommendations
from cspr.portal.kinds.scoping import learning_actions
from cspr.portal.models import LearningAction
from cspr.rapidreview.models import RapidReviewRecord

RAPID_REVIEW_KEY = "rapid-review"


@dataclass(frozen=True)
class SourceItem:
    key: str
    source: str
    label: str
    text: str
    recommendation: Recommendation | None = None
    learning_action: LearningAction | None = None
    suggested_action: str = ""
    suggested_person: str = ""
    suggested_organisation: str = ""
    suggested_agency_id: int | None = None
    suggested_due: dt.date | None = None


def _recommendation_text(rec: Recommendation) -> str:
    return f"Recommendation {rec.number} (to {rec.addressee}): {rec.expected_change}"


def sources(case: Case) -> list[SourceItem]:
    """Everything the case's action plan can answer, in the order of Document 20."""
    found = [
        SourceItem(
            key=f"rec-{rec.pk}",
            source=Source.RECOMMENDATION,
            label=f"Recommendation {rec.number}",
            text=_recommendation_text(rec),
            recommendation=rec,
            suggested_organisation=rec.addressee,
            suggested_due=rec.due_by,
        )
        for rec in endorsed_recommendations(case).order_by("number")
    ]
    record = RapidReviewRecord.objects.filter(case=case).only("immediate_learning").first()
    if record is not None and record.immediate_learning.strip():
        found.append(
            SourceItem(
                key=RAPID_REVIEW_KEY,
                source=Source.IMMEDIATE_LEARNING,
                label="Immediate learning from the Rapid Review (Document 4)",
                text=f"Immediate learning (Rapid Review): {record.immediate_learning.strip()}",
            )
        )
    for row in learning_actions(case):
        agency = row.request.agency
        found.append(
            SourceItem(
                key=f"q5-{row.pk}",
                source=Source.SCOPING_TRACKER,
                label=f"{agency.name}: learning point {row.number} (Document 2 Q5)",
                text=f"Immediate learning ({agency.name}, scoping return): {row.learning_point}",
                learning_action=row,
                suggested_action=row.action,
                suggested_person=row.lead,
                suggested_organisation=agency.name,
                suggested_agency_id=agency.pk,
                suggested_due=row.target_date,
            )
        )
    return found


def source_by_key(case: Case, key: str) -> SourceItem | None:
    return next((s for s in sources(case) if s.key == key), None)
