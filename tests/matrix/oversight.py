"""Regulation 14 oversight pages (issue 12): the clock reads like the case; every change is a write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.oversight.models import ClockPause, PanelDiscussion, PauseReason, ProgressCheck
from tests.matrix import Audience, Spec
from tests.world import World


def commissioned(world: World, scope: str) -> dict[str, Any]:
    """The scope's case with a commissioned LCSPR (its own copy: the lcspr helper owns tests/matrix/lcspr.py)."""
    case = world.cases[scope]
    Case.objects.filter(pk=case.pk).update(lcspr_commissioned_date=dt.date(2024, 6, 3))
    return {"reference": case.reference}


def _manager(world: World) -> User:
    return world.user(Role.BUSINESS_MANAGER)


def running_pause(world: World, scope: str) -> dict[str, Any]:
    kwargs = commissioned(world, scope)
    pause, _ = ClockPause.objects.get_or_create(
        case=world.cases[scope],
        started_on=dt.date(2024, 7, 1),
        defaults={
            "reason_kind": PauseReason.POLICE,
            "reason": "Matrix pause",
            "agreed_by": "Matrix",
            "recorded_by": _manager(world),
        },
    )
    # A POST in an earlier cell may have ended it: the page is for a running pause.
    ClockPause.objects.filter(pk=pause.pk).update(ended_on=None)
    return kwargs | {"pause_id": pause.pk}


def late_forecast(world: World, scope: str) -> dict[str, Any]:
    """A forecast past the six months (commissioned 3 June 2024: due 3 December 2024), not yet discussed."""
    kwargs = commissioned(world, scope)
    case = world.cases[scope]
    PanelDiscussion.objects.filter(case=case).delete()
    ProgressCheck.objects.get_or_create(
        case=case,
        checked_on=dt.date(2024, 7, 1),
        defaults={
            "checked_by": "Matrix",
            "timeliness": "delayed",
            "time_taken": "x",
            "quality": "good",
            "quality_notes": "x",
            "conclusion": "x",
            "forecast_completion": dt.date(2025, 3, 1),
            "recorded_by": _manager(world),
        },
    )
    return kwargs


SPECS = {
    "oversight:clock": Spec(Audience.CASE_READ, commissioned),
    "oversight:check_add": Spec(Audience.CASE_WRITE, commissioned, post=True),
    "oversight:pause_add": Spec(Audience.CASE_WRITE, commissioned, post=True),
    "oversight:pause_end": Spec(Audience.CASE_WRITE, running_pause, post=True),
    "oversight:panel_discussion": Spec(Audience.CASE_WRITE, late_forecast, post=True),
}
