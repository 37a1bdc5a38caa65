"""The return date of a scoping request (rules.md C5, rule 22).

SWAP: ``_add_weekdays`` stands in for ``cspr.deadlines.working_days.add_working_days`` (bank
holidays and partnership closure days) until the statutory clock lands on main; replace its one
call below and delete it.
"""

from __future__ import annotations

import datetime as dt

from cspr.cases.models import Case
from cspr.organisations.models import ScopingReturnAnchor


def _add_weekdays(day: dt.date, n: int) -> dt.date:
    """The n-th weekday strictly after ``day`` (C1 without holidays): the stand-in to swap."""
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def previous_weekday(day: dt.date) -> dt.date:
    day -= dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _return_due(case: Case, sent_on: dt.date) -> dt.date:
    partnership = case.lead_partnership
    anchor = sent_on
    if partnership.scoping_return_anchor == ScopingReturnAnchor.REFERRAL and case.referral_received_date:
        anchor = case.referral_received_date
    return _add_weekdays(anchor, partnership.scoping_return_working_days)


def return_due(case: Case, sent_on: dt.date) -> dt.date:
    return _return_due(case, sent_on)
