"""The dashboard computes deadlines of open cases only, once per request (issue 15, cause 3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.deadlines import views
from tests.deadlines.test_pages import deadlines_panel
from tests.world import World, make_case

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 11, 10, 10, 0, tzinfo=dt.UTC), tick=False)
def test_a_closed_case_has_nothing_due_on_the_dashboard(world: World) -> None:
    closed = make_case("HOME-2026-077", world.home)
    closed.decision_date = dt.date(2026, 11, 3)
    closed.action_plan_closed_date = dt.date(2026, 11, 4)
    closed.save()
    client = Client()
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    page = deadlines_panel(client.get(reverse("ui:dashboard")))
    assert "HOME-2026-001" in page
    assert "HOME-2026-077" not in page


@time_machine.travel(dt.datetime(2026, 11, 10, 10, 0, tzinfo=dt.UTC), tick=False)
def test_deadlines_are_computed_once_per_request(world: World) -> None:
    request: Any = RequestFactory().get("/")
    request.user = world.user(Role.BUSINESS_MANAGER)
    with CaptureQueriesContext(connection) as first:
        one = views.open_case_deadlines(request, request.user)
    with CaptureQueriesContext(connection) as second:
        two = views.open_case_deadlines(request, request.user)
    assert len(first) >= 3  # cases, closure days, adjustments
    assert len(second) == 0
    assert one is two
    assert {cd.case.reference for cd in one} == {"HOME-2026-001", "AWAY-2026-002"}
