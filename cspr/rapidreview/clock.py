"""The meeting window (rules.md C6) from the statutory clock.

``add_working_days`` asks ``cspr.deadlines`` (bank holidays and the partnership's closure days); for a
date outside the years its table covers, a weekday-only approximation, so a page never fails.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cspr.cases.models import Case
from cspr.deadlines import services, working_days


def _weekdays_after(day: dt.date, n: int) -> dt.date:
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def add_working_days(day: dt.date, n: int, partnership: Any = None) -> dt.date:
    try:
        if partnership is not None:
            return services.calendar_for_partnership(partnership.pk).add_working_days(day, n)
        return working_days.add_working_days(day, n)
    except ValueError:  # outside the years the bank-holiday table covers
        return _weekdays_after(day, n)


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
