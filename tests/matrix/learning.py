"""Learning points, recommendations and the partners' endorsement (toolkit §8–§9.2.6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cspr.learning.models import LearningPoint, Recommendation
from tests.matrix import Audience, Spec
from tests.matrix.lcspr import commissioned
from tests.world import World


def point_ref(world: World, scope: str) -> dict[str, Any]:
    kwargs = commissioned(world, scope)
    case = world.cases[scope]
    point, _ = LearningPoint.objects.get_or_create(
        case=case,
        number=1,
        defaults={"title": "Matrix point", "text": "Matrix learning", "created_by": world.away_manager},
    )
    return kwargs | {"pk": point.pk}


def rec_ref(world: World, scope: str) -> dict[str, Any]:
    kwargs = commissioned(world, scope)
    case = world.cases[scope]
    rec, _ = Recommendation.objects.get_or_create(
        case=case,
        number=1,
        defaults={
            "addressee": "Matrix Council",
            "expected_change": "Matrix change",
            "measure": "Matrix audit",
            "due_by": dt.date(2027, 6, 1),
            "created_by": world.away_manager,
        },
    )
    return kwargs | {"pk": rec.pk}


SPECS = {
    "learning:settings": Spec(Audience.MANAGE, post=True),
    "learning:index": Spec(Audience.CASE_READ, commissioned),
    "learning:point_add": Spec(Audience.CASE_WRITE, commissioned, post=True),
    "learning:point_edit": Spec(Audience.CASE_WRITE, point_ref, post=True),
    "learning:recommendation_add": Spec(Audience.CASE_WRITE, commissioned, post=True),
    "learning:recommendation_edit": Spec(Audience.CASE_WRITE, rec_ref, post=True),
    "learning:endorse": Spec(Audience.CASE_RATIFY, rec_ref, post=True),
    "learning:endorse_on_behalf": Spec(Audience.CASE_RATIFY_ON_BEHALF, rec_ref, post=True),
}
