"""The chasing sweep reads closure days once, whatever the number of requests (issue 15, cause 6)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cspr.organisations.models import Agency, AgencyType, ClosureDay
from cspr.portal.chasing import chase_requests
from cspr.portal.models import InformationRequest, RequestState, RequestType
from tests.world import World, make_case

FRIDAY_13 = dt.datetime(2026, 11, 13, 8, 0, tzinfo=dt.UTC)


def _sweep_queries() -> tuple[int, int]:
    with time_machine.travel(FRIDAY_13, tick=False), CaptureQueriesContext(connection) as queries:
        chase_requests()
    closure = sum(1 for q in queries if "organisations_closureday" in q["sql"])
    return len(queries), closure


def _requests(world: World, n: int, due: dt.date) -> None:
    agency = Agency.objects.create(partnership=world.home, name=f"Demo School {n}", agency_type=AgencyType.SCHOOL)
    for i in range(n):
        case = make_case(f"HOME-2026-{200 + n + i}", world.home)
        InformationRequest.objects.create(
            case=case, agency=agency, request_type=RequestType.SCOPING, state=RequestState.SENT, due_date=due
        )


@pytest.mark.django_db
def test_requests_not_yet_due_cost_no_query_each(world: World) -> None:
    ClosureDay.objects.create(partnership=world.home, date=dt.date(2026, 11, 16), reason="Demo closure")
    _requests(world, 3, dt.date(2026, 11, 30))
    few, closure = _sweep_queries()
    _requests(world, 30, dt.date(2026, 12, 1))
    many, closure_many = _sweep_queries()
    assert closure == closure_many == 1
    assert many == few


@pytest.mark.django_db
def test_a_closure_day_still_moves_the_day_before_reminder(world: World) -> None:
    # Due Tuesday 17 November; Monday 16 is a closure day, so "the working day before" is Friday 13.
    ClosureDay.objects.create(partnership=world.home, date=dt.date(2026, 11, 16), reason="Demo closure")
    _requests(world, 2, dt.date(2026, 11, 17))
    with time_machine.travel(FRIDAY_13, tick=False):
        assert chase_requests() == 2
