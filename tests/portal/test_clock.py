from __future__ import annotations

import datetime as dt

import pytest

from cspr.organisations.models import ClosureDay
from cspr.portal.clock import return_due
from tests.world import World


@pytest.mark.django_db
def test_the_return_date_skips_bank_holidays_and_the_partnerships_closure_days(world: World) -> None:
    case = world.cases["own"]
    # Sent Friday 18 December 2026: Christmas Day and Boxing Day (observed Monday 28th) are not working days:
    # 21, 22, 23, 24 and 29 December.
    assert return_due(case, dt.date(2026, 12, 18)) == dt.date(2026, 12, 29)
    ClosureDay.objects.create(partnership=world.home, date=dt.date(2026, 12, 24), reason="Office closed")
    assert return_due(case, dt.date(2026, 12, 18)) == dt.date(2026, 12, 30)
