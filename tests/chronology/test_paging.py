"""The integrated chronology a page at a time: the same cost at 300 entries or 1,200 (issue 15, cause 2)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cspr.accounts.roles import Role
from tests.chronology.test_pages import _url, make_entries
from tests.world import World

pytestmark = pytest.mark.usefixtures("frozen")


def _entries_on(page: str) -> int:
    return len(re.findall(r'id="entry-\d+"', page))


def test_a_page_of_entries_with_links_to_the_others_and_the_print_view(client, world: World) -> None:
    make_entries(world, 450)
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    first = client.get(_url(world)).content.decode()
    assert "Entries (450)" in first
    assert "Showing entries 1 to 100 of 450." in first
    assert _entries_on(first) == 100
    assert "Event number 0<" in first or "Event number 0\n" in first
    assert 'href="?page=2" rel="next"' in first
    third = client.get(_url(world), {"page": "3"}).content.decode()
    assert _entries_on(third) == 100
    assert "Showing entries 201 to 300 of 450." in third
    last = client.get(_url(world), {"page": "5"}).content.decode()
    assert _entries_on(last) == 50
    assert "Showing entries 401 to 450 of 450." in last
    assert 'rel="next"' not in last
    printable = client.get(_url(world), {"page": "all"}).content.decode()
    assert _entries_on(printable) == 450
    assert "Every entry on one page, to print." in printable
    # Out-of-range or odd page numbers show the nearest page, never an error.
    assert _entries_on(client.get(_url(world), {"page": "99"}).content.decode()) == 50
    assert _entries_on(client.get(_url(world), {"page": "x"}).content.decode()) == 100


def test_filters_are_kept_across_pages_and_in_the_exports(client, world: World) -> None:
    make_entries(world, 700)  # every 7th is a key practice learning event: 100 of them
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    page = client.get(_url(world), {"show": "key", "page": "1"}).content.decode()
    assert "Entries (100)" in page
    assert _entries_on(page) == 100
    assert "export.xlsx?show=key" in page
    page = client.get(_url(world), {"show": "all"}).content.decode()
    assert 'href="?show=all&amp;page=2"' in page
    assert client.get(_url(world, "export.xlsx"), {"show": "key"}).status_code == 200
    assert client.get(_url(world, "export.xlsx"), {"show": "all"}).status_code == 400  # not a choice: refused


def test_the_page_costs_the_same_queries_and_size_at_four_times_the_entries(client, world: World) -> None:
    make_entries(world, 300)
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    client.get(_url(world))
    with CaptureQueriesContext(connection) as small:
        small_page = client.get(_url(world)).content
    make_entries(world, 900)
    with CaptureQueriesContext(connection) as large:
        large_page = client.get(_url(world)).content
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large_page) < len(small_page) * 1.05
