"""The meeting window (rules.md C6) from the statutory clock.

SWAP: ``add_working_days`` uses ``cspr.deadlines`` when that app provides it; otherwise a local
weekday-only approximation (no bank holidays or closure days). Only this module knows which.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cspr.cases.models import Case


def _weekdays_after(day: dt.date, n: int) -> dt.date:
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def add_working_days(day: dt.date, n: int, partnership: Any = None) -> dt.date:
    try:
        from cspr.deadlines import working_days  # type: ignore[attr-defined]
    except ImportError:
        return _weekdays_after(day, n)
    fn = getattr(working_days, "add_working_days", None)
    if fn is None:
        return _weekdays_after(day, n)
    try:
        return fn(day, n, partnership=partnership)  # type: ignore[no-any-return]
    except TypeError:
        return fn(day, n)  # type: ignore[no-any-return]


def meeting_window(case: Case) -> tuple[dt.date, dt.date] | None:
    referral = case.referral_received_date or case.aware_date
    if referral is None:
        return None
    p = case.lead_partnership
    return (
        add_working_days(referral, p.meeting_window_start_working_days, p),
        add_working_days(referral, p.meeting_window_end_working_days, p),
    )


def meeting_warning(case: Case, date: dt.date) -> str:
    """A warning (never a block) when the meeting falls outside the 7–13 working day window."""
    window = meeting_window(case)
    if window is None:
        return ""
    start, end = window
    if start <= date <= end:
        return ""
    return (
        f"The meeting should be held between {start:%-d %B %Y} and {end:%-d %B %Y} "
        "(working days 7 to 13 after the referral). You can still go ahead: record why in the meeting notes."
    )
