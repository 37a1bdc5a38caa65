"""Query counts of the action plan's pages and the dashboard panel are constant with data; the
partnership view filters by review, agency and theme, and pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.actionplans import actions
from cspr.actionplans.models import Rag
from cspr.library.models import Theme
from tests.actionplans.helpers import add_action, client_for, plan_case
from tests.world import World

pytestmark = pytest.mark.django_db


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content.decode()[:2000]
    return len(queries)


def _more(world: World, n: int) -> None:
    case = world.cases["own"]
    for i in range(n):
        action = add_action(world, case, due=dt.date(2026, 11, 20) if i % 2 else dt.date(2027, 2, 1))
        actions.record_progress(
            action,
            on=dt.date(2026, 11, 30),
            rag=Rag.RED,
            text=f"Update {i}",
            acting_user=world.user(Role.BUSINESS_MANAGER),
        )


def test_pages_run_a_fixed_number_of_queries(world: World) -> None:
    case = plan_case(world)
    _more(world, 2)  # one overdue, both red
    manager = client_for(world.user(Role.BUSINESS_MANAGER))
    urls = [
        reverse("actionplans:plan", args=[case.reference]),
        reverse("actionplans:index"),
        reverse("actionplans:index") + "?rag=R&overdue=on",
        reverse("actionplans:action", args=[case.reference, 1]),
        reverse("ui:dashboard"),
    ]
    [_count(manager, url) for url in urls]  # caches warmed (the session, the navigation)
    before = [_count(manager, url) for url in urls]
    _more(world, 30)
    after = [_count(manager, url) for url in urls]
    assert after == before


def test_the_partnership_view_filters_by_review_agency_and_theme_and_pages(world: World) -> None:
    case = plan_case(world)
    theme = Theme.objects.filter(partnership__isnull=True).first()
    assert theme is not None
    _more(world, 27)
    add_action(world, case, agency_key="other")
    manager = client_for(world.user(Role.BUSINESS_MANAGER))
    url = reverse("actionplans:index")
    page = manager.get(url).content.decode()
    assert "Actions 1 to 25 of 28" in page
    assert "Actions 26 to 28 of 28" in manager.get(url + "?page=2").content.decode()
    by_agency = manager.get(url + f"?agency={world.agencies['other'].pk}").content.decode()
    assert "1 action," in by_agency
    by_theme = manager.get(url + f"?theme={theme.pk}").content.decode()
    assert "Actions 1 to 25 of 28" in by_theme  # every test action carries the theme
    assert "No action matches" in manager.get(url + "?review=AWAY-2026-001").content.decode()
    # Another partnership sees none of them; an agency user has no partnership view.
    assert "No action matches" in client_for(world.away_manager).get(url).content.decode()
    assert client_for(world.agency_users["own"]).get(url).status_code == 404
    dashboard = manager.get(reverse("ui:dashboard")).content.decode()
    assert "Actions overdue or rated red" in dashboard
    assert "See all 27" in dashboard
