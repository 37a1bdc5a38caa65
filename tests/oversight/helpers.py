"""An LCSPR for the oversight and review meeting tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from cspr.cases.models import Case
from cspr.organisations.models import PartnerKind
from tests.rapidreview.helpers import add_family_member, decide_lcspr, meeting_with, ratify_all
from tests.world import World

D = dt.date


def at(day: dt.date, hour: int = 10) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=dt.UTC), tick=False)


def ratified_lcspr(world: World) -> Case:
    """The world's own case taken through the real actions: decision (b) on 13 November 2026, ratified
    by all three partners on Monday 16 November 2026, which commissions the LCSPR (six months: 16 May 2027)."""
    case = world.cases["own"]
    with at(D(2026, 11, 16)):
        add_family_member(case)
        meeting_with(world, case, list(PartnerKind))
        decide_lcspr(world, case)
        ratify_all(world, case)
    case.refresh_from_db()
    assert case.lcspr_commissioned_date == D(2026, 11, 16)
    return case


def lcspr_from(case: Case, ratified: dt.date) -> Case:
    """A commissioned LCSPR ratified on this day (tests may write the case row directly)."""
    Case.objects.filter(pk=case.pk).update(
        decision_date=ratified, ratified_date=ratified, lcspr_commissioned_date=ratified
    )
    case.refresh_from_db()
    return case


def date_post(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def check_post(day: dt.date, forecast: dt.date, **extra: str) -> dict[str, str]:
    return {
        **date_post("checked_on", day),
        **date_post("forecast_completion", forecast),
        "checked_by": "Test CSPR group chair",
        "timeliness": "on_track",
        "time_taken": "Terms of reference agreed; requests out.",
        "quality": "good",
        "quality_notes": "Every key line of enquiry covered.",
        "conclusion": "On track.",
        **extra,
    }
