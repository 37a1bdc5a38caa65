"""The LCSPR pages (commissioning, terms of reference, the review team)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cspr.cases.models import Case
from tests.matrix import Audience, Spec
from tests.world import World


def commissioned(world: World, scope: str) -> dict[str, Any]:
    """The scope's case with a ratified decision (b): an LCSPR exists (tests may write the case row)."""
    case = world.cases[scope]
    Case.objects.filter(pk=case.pk).update(lcspr_commissioned_date=dt.date(2024, 6, 3))
    return {"reference": case.reference}


SPECS = {
    "lcspr:overview": Spec(Audience.CASE_READ, commissioned),
}
