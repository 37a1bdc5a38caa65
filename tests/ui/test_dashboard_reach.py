"""The dashboard's panels each ask for the user's cases: the partnership's collaborating cases are
read once per page, not once per panel (issue 15: it was read five times on the national data set),
and a collaboration recorded after one page is on the next."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cspr.access import cases_for_user, one_reach_per_page
from cspr.accounts.roles import Role
from cspr.cases.models import CaseCollaborator
from tests.world import World

pytestmark = pytest.mark.django_db


def _collaborator_reads(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return sum(1 for q in queries if 'FROM "cases_casecollaborator"' in q["sql"])


def test_the_dashboard_reads_the_collaborating_cases_once(world: World) -> None:
    client = Client()
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    assert _collaborator_reads(client) == 1


def test_a_collaboration_added_after_a_page_is_seen_by_the_next(world: World) -> None:
    user = world.user(Role.BUSINESS_MANAGER)
    other = world.cases["other"]
    with one_reach_per_page():
        assert other not in cases_for_user(user)
    assert user.partnership is not None
    CaseCollaborator.objects.create(case=other, partnership=user.partnership)
    with one_reach_per_page():
        assert other in cases_for_user(user)
