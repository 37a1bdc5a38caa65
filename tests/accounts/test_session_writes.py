"""A page view does not rewrite the session row every time (issue 15, cause 5)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cspr.accounts.roles import Role
from tests.world import World

START = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def _session_writes(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(
        1
        for q in queries
        if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


@pytest.mark.django_db
def test_the_session_is_written_at_most_once_a_minute_and_the_idle_limit_still_holds(world: World) -> None:
    client = Client()
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(world.user(Role.BUSINESS_MANAGER))
        client.get("/cases/")  # the first page marks the session's start and last-seen times
        traveller.move_to(START + dt.timedelta(seconds=20))
        assert _session_writes(client, "/cases/") == 0
        traveller.move_to(START + dt.timedelta(seconds=50))
        assert _session_writes(client, "/cases/HOME-2026-001/") == 0
        traveller.move_to(START + dt.timedelta(seconds=90))
        assert _session_writes(client, "/cases/") == 1  # the last-seen mark moves on
        # Idle for 30 minutes counts from that mark: still signed in at 29 minutes, out after 31.
        traveller.move_to(START + dt.timedelta(seconds=90, minutes=29))
        assert client.get("/cases/").status_code == 200
        traveller.move_to(START + dt.timedelta(seconds=90, minutes=29 + 31))
        assert client.get("/cases/")["Location"] == "/accounts/login/?expired=1"
