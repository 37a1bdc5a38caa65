"""The case list: a page at a time, searched by reference and filtered by stage (issue 15, cause 2)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cspr.accounts.roles import Role
from cspr.cases.models import Stage
from tests.world import World, make_case

pytestmark = pytest.mark.django_db


def _references(page: str) -> list[str]:
    return re.findall(r'href="/cases/([A-Z]+-\d{4}-\d+)/">', page)


def _client(world: World, role: Role = Role.BUSINESS_MANAGER) -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


def test_fifty_cases_a_page_newest_first_with_links_to_the_rest(world: World) -> None:
    for n in range(120):
        make_case(f"HOME-2025-{100 + n}", world.home)
    client = _client(world)
    first = client.get("/cases/").content.decode()
    refs = _references(first)
    assert len(refs) == 50
    assert refs[0] == "HOME-2025-219"  # the newest
    assert "Cases 1 to 50 of 122, newest first." in first  # the world's own and collaborating cases too
    assert 'href="?page=2" rel="next"' in first
    last = client.get("/cases/", {"page": "3"}).content.decode()
    assert len(_references(last)) == 22
    assert "AWAY-2026-001" not in first + last  # another partnership's case never shows


def test_search_by_reference_and_filter_by_stage_keep_each_other_across_pages(world: World) -> None:
    for n in range(60):
        make_case(f"HOME-2025-{100 + n}", world.home, stage=Stage.SCOPING if n % 2 else Stage.MEETING)
    client = _client(world)
    page = client.get("/cases/", {"q": "2025-11", "stage": "scoping"}).content.decode()
    assert sorted(_references(page)) == [f"HOME-2025-1{n}" for n in range(11, 20, 2)]
    page = client.get("/cases/", {"stage": "scoping"}).content.decode()
    assert len(_references(page)) == 30
    assert "30 cases, newest first." in page
    page = client.get("/cases/", {"q": "no-such"}).content.decode()
    assert "No case matches." in page
    assert client.get("/cases/", {"stage": "<script>", "page": "-1"}).status_code == 200


def test_a_lead_reviewer_sees_only_their_cases(world: World) -> None:
    make_case("HOME-2025-500", world.home)
    page = _client(world, Role.LEAD_REVIEWER).get("/cases/").content.decode()
    assert _references(page) == ["HOME-2026-001"]


def test_queries_and_size_do_not_grow_with_the_number_of_cases(world: World) -> None:
    for n in range(50):
        make_case(f"HOME-2025-{100 + n}", world.home)
    client = _client(world)
    client.get("/cases/")
    with CaptureQueriesContext(connection) as small:
        small_page = client.get("/cases/").content
    for n in range(150):
        make_case(f"HOME-2024-{100 + n}", world.home)
    with CaptureQueriesContext(connection) as large:
        large_page = client.get("/cases/").content
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large_page) < len(small_page) * 1.05
