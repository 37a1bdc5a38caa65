"""The LCSPR page runs a fixed number of queries whatever the size of the review (issue 12).

``tests/lcspr/helpers.add_lcspr_data`` adds N of everything the LCSPR apps record; each app adds its
own records there, so this one test holds every task-list provider to the rule."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cspr.accounts.roles import Role
from tests.lcspr.helpers import add_lcspr_data, add_other_lcspr_records, commission
from tests.world import World

pytestmark = pytest.mark.django_db


def _count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@time_machine.travel("2026-11-20 10:00 +0000", tick=False)
@pytest.mark.parametrize("role", [Role.BUSINESS_MANAGER, Role.LEAD_REVIEWER])
def test_the_lcspr_page_query_count_does_not_grow_with_the_review(client: Client, world: World, role: Role) -> None:
    case = commission(world.cases["own"])
    client.force_login(world.user(role))
    path = f"/lcspr/{case.reference}/"
    add_lcspr_data(case, 1)
    add_other_lcspr_records(case, 1)
    _count(client, path)  # warm the per-process caches (content types, sessions)
    small = _count(client, path)
    add_lcspr_data(case, 8)
    add_other_lcspr_records(case, 8)
    large = _count(client, path)
    assert large == small, f"{small} queries with 1 of everything, {large} with 9"
    page = client.get(path).content.decode()
    assert "Set up the review" in page
    assert "Agree the terms of reference" in page
    # Every LCSPR app's section is on the page, read in the same number of queries at 9× the records.
    for title in ("Information from agencies", "Family engagement", "Regulation 14", "Review team meetings",
                  "Analysis and workshops", "Sharing the learning"):  # fmt: skip
        assert title in page, title
