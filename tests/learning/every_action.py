"""The learning and library actions for ``tests/cases/test_every_action.py`` (each called on a case
whose milestones refuse it: no trace may be left)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from cspr.learning import actions as learning
from cspr.learning.models import LearningPoint, Recommendation
from cspr.library import actions as library
from cspr.library.models import LibraryReference, NationalReview

TODAY = dt.date(2026, 11, 16)
REC: dict[str, Any] = {
    "addressee": "A",
    "scope": "local",
    "expected_change": "C",
    "measure": "M",
    "due_by": dt.date(2027, 6, 1),
    "national_policy": False,
}


def learning_calls(f: Any) -> dict[str, Callable[[], Any]]:
    c, u = f.case, f.user

    def point() -> LearningPoint:
        return LearningPoint.objects.get_or_create(
            case=c, number=90, defaults={"title": "T", "text": "X", "created_by": u}
        )[0]

    def rec() -> Recommendation:
        return Recommendation.objects.get_or_create(case=c, number=90, defaults=REC | {"created_by": u})[0]

    def review() -> NationalReview:
        found = NationalReview.objects.filter(partnership__isnull=True).first()
        assert found is not None
        return found

    def reference() -> LibraryReference:
        return LibraryReference.objects.get_or_create(
            case=c, review=review(), defaults={"relevance": "R", "added_by": u}
        )[0]

    return {
        "learning.add_learning_point": lambda: learning.add_learning_point(c, title="T", text="X", acting_user=u),
        "learning.edit_learning_point": lambda: learning.edit_learning_point(
            point(), title="T", text="Y", expected_version=None, acting_user=u
        ),
        "learning.add_recommendation": lambda: learning.add_recommendation(c, acting_user=u, **REC),
        "learning.edit_recommendation": lambda: learning.edit_recommendation(
            rec(), expected_version=None, acting_user=u, **REC
        ),
        "learning.endorse": lambda: learning.endorse_on_behalf(
            rec(),
            partner="police",
            executive_name="E",
            executive_role="R",
            date=TODAY,
            reason="R",
            delegation="D",
            acting_user=u,
        ),
        "library.reference_review": lambda: library.reference_review(c, review=review(), relevance="R", acting_user=u),
        "library.record_considered": lambda: library.record_considered(
            reference(), considered_on=TODAY, considered_by="CSPR group", conclusion="C", acting_user=u
        ),
        "library.link_thematic_review": lambda: library.link_thematic_review(
            c, thematic=None, title="T", rationale="R", acting_user=u
        ),
    }
