"""The LCSPR page's oversight and meeting sections, and the dashboard, read a fixed number of queries
whatever the number of checks, pauses, discussions, meetings, items and actions."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.oversight.models import ClockPause, PanelDiscussion, ProgressCheck
from cspr.reviewmeetings.models import AgendaItem, ItemKind, MeetingAction, MeetingAttendee, ReviewMeeting
from tests.oversight.helpers import D, at, lcspr_from
from tests.world import World

pytestmark = pytest.mark.django_db


def _add(world: World, case: Case, n: int) -> None:
    """One of everything per day."""
    user = world.user(Role.BUSINESS_MANAGER)
    for i in range(n):
        day = D(2026, 11, 17 + i)
        ProgressCheck.objects.create(
            case=case,
            checked_on=day,
            checked_by="x",
            timeliness="delayed",
            time_taken="x",
            quality="good",
            quality_notes="x",
            conclusion="x",
            forecast_completion=D(2027, 9, 1 + i),
            recorded_by=user,
        )
        ClockPause.objects.create(
            case=case, reason_kind="police", reason="x", agreed_by="x", started_on=day, recorded_by=user
        )
        PanelDiscussion.objects.create(
            case=case, discussed_on=day, who="x", outcome="x", forecast_discussed=D(2027, 6, 1), recorded_by=user
        )
        meeting = ReviewMeeting.objects.create(case=case, date=day)
        AgendaItem.objects.create(meeting=meeting, kind=ItemKind.FAMILY, title="F")
        MeetingAttendee.objects.create(meeting=meeting, name="x")
        MeetingAction.objects.create(meeting=meeting, description="x", owner="x", due_on=day)


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/lcspr/{ref}/", "/", "/oversight/{ref}/", "/review-meetings/{ref}/"])
def test_pages_read_a_fixed_number_of_queries(world: World, client: Client, url: str) -> None:
    case = lcspr_from(world.cases["own"], D(2026, 11, 16))
    path = url.format(ref=case.reference)
    with at(D(2026, 12, 10)):
        client.force_login(world.user(Role.BUSINESS_MANAGER))
        _add(world, case, 1)
        client.get(path)  # warm caches (sessions, content types)
        small = _count(client, path)
        _add_many(world, case)
        large = _count(client, path)
    assert small == large


def _add_many(world: World, case: Case) -> None:
    """Many more meetings, items, actions and pauses, and more checks and discussions."""
    _add(world, case, 6)
    user = world.user(Role.BUSINESS_MANAGER)
    for i in range(8):
        meeting = ReviewMeeting.objects.create(case=case, date=D(2026, 12, 1 + i))
        for kind in (ItemKind.FAMILY, ItemKind.IMMEDIATE_ACTION, ItemKind.OTHER):
            AgendaItem.objects.create(meeting=meeting, kind=kind, title="x")
        MeetingAction.objects.create(meeting=meeting, description="x", owner="x", due_on=D(2026, 12, 20))
        ClockPause.objects.create(
            case=case, reason_kind="other", reason="x", agreed_by="x", started_on=D(2026, 12, 1 + i), recorded_by=user
        )
