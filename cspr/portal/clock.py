"""The return date of a scoping request (rules.md C5, rule 22), on the statutory clock: working
days of England and Wales without bank holidays and the partnership's closure days."""

from __future__ import annotations

import datetime as dt

from cspr.cases.models import Case
from cspr.deadlines.services import calendar_for_partnership
from cspr.organisations.models import ScopingReturnAnchor


def return_due(case: Case, sent_on: dt.date) -> dt.date:
    partnership = case.lead_partnership
    anchor = sent_on
    if partnership.scoping_return_anchor == ScopingReturnAnchor.REFERRAL and case.referral_received_date:
        anchor = case.referral_received_date
    return calendar_for_partnership(partnership.pk).add_working_days(anchor, partnership.scoping_return_working_days)


def add_working_days(partnership_id: int, day: dt.date, n: int) -> dt.date:
    return calendar_for_partnership(partnership_id).add_working_days(day, n)


def previous_working_day(partnership_id: int, day: dt.date) -> dt.date:
    return calendar_for_partnership(partnership_id).subtract_working_days(day, 1)
