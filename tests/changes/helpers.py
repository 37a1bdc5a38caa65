"""Rows the change-stamp tests write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cspr.cases.models import Case
from cspr.chronology.models import ChronologyEntry
from tests.world import World


def entry_fields(case: Case, world: World, text: str = "Event (fictional)") -> dict[str, Any]:
    return {
        "case": case,
        "agency": world.agencies["own"],
        "date_text": "12/05/2016",
        "date_from": dt.date(2016, 5, 12),
        "date_to": dt.date(2016, 5, 12),
        "source": "Record",
        "key_event": text,
    }


def entry(case: Case, world: World, text: str = "Event (fictional)") -> ChronologyEntry:
    return ChronologyEntry.objects.create(**entry_fields(case, world, text))
