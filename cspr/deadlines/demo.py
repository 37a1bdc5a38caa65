"""Demo closure days: the week between Christmas and New Year, as many partnerships close."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cspr.deadlines import working_days as wd
from cspr.organisations.models import ClosureDay, Partnership


def seed() -> None:
    year = timezone.localdate().year
    days = [
        dt.date(y, 12, d)
        for y in (year, year + 1)
        for d in range(27, 32)
        if dt.date(y, 12, d).weekday() < 5 and dt.date(y, 12, d) not in wd.bank_holidays()
    ]
    for partnership in Partnership.objects.filter(cases__is_demo=True).distinct():
        for day in days:
            ClosureDay.objects.get_or_create(
                partnership=partnership, date=day, defaults={"reason": "Office closed between Christmas and New Year"}
            )
