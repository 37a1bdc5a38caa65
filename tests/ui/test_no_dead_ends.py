"""No dead ends: every link a page offers works for the person it is offered to.

Each role signs in and, from the dashboard, follows every same-site link of every page it reaches
(GET, deduplicated by URL pattern and arguments), and reads each page's words for ISO dates,
"1 agencies" and "the police has". A link that ends in 403, 404, 405 or 500 is a
dead end: the page offered something the user cannot do, so it should not have shown the link.
Run twice: over the test world (every role, own / other / collaborating cases) and over the demo
world, whose five cases stand at every stage of a Rapid Review with requests, returns and documents.
"""

from __future__ import annotations

import pytest
from django.test import Client

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from tests.ui.crawl import Crawl, crawl
from tests.world import World


def _crawl_as(user: User, **bounds: int) -> Crawl:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return crawl(client, "/", **bounds)


def _patterns(result: Crawl) -> set[str]:
    from tests.ui.crawl import pattern_key

    return {pattern_key(path)[0] for path in result.visited}


@pytest.mark.django_db
def test_no_offered_link_is_a_dead_end_in_the_test_world(world: World) -> None:
    people = {role.value: world.user(role) for role in Role}
    people["agency_lead (other agency)"] = world.agency_users["other"]
    people["business_manager (away)"] = world.away_manager
    dead_ends: list[str] = []
    wording: list[str] = []
    reached: dict[str, set[str]] = {}
    for who, user in people.items():
        result = _crawl_as(user)
        dead_ends += [f"{who}: {d}" for d in result.dead_ends]
        wording += [f"{path}: {p}" for path, found in result.wording.items() for p in found]
        reached[who] = _patterns(result)
        assert result.complete, f"{who}: the crawl stopped at its page limit"
    assert dead_ends == [], "\n".join(dead_ends)
    assert wording == [], "\n".join(sorted(set(wording)))
    # The crawl really went somewhere: writers reach the edit pages of their cases, read-only
    # roles the case pages, agency users their requests list.
    assert {"cases:detail", "cases:person_edit", "rapidreview:meeting"} <= reached["business_manager"]
    assert {"cases:detail", "rapidreview:overview"} <= reached["scrutineer"]
    assert "cases:detail" in reached["lead_reviewer"]
    assert "portal:home" in reached["agency_lead"]


@pytest.mark.end_to_end
@pytest.mark.django_db
def test_no_offered_link_is_a_dead_end_in_the_demo_world(demo_world: None) -> None:
    demo_users = User.objects.filter(is_demo=True, is_active=True).order_by("email")
    people: dict[str, User] = {}
    for user in demo_users:
        people.setdefault(user.role, user)
    # In email order Dudley's manager comes first: the demo partnership's own manager, writer on its cases.
    people[Role.BUSINESS_MANAGER.value] = demo_users.get(email="manager@demo.cspr.invalid")
    # Dudley collaborates on Wolverhampton's DEMO-3: a collaborator's view of another partnership's case.
    people["business_manager (collaborating partnership)"] = demo_users.get(email="dudley.manager@demo.cspr.invalid")
    assert set(Role.values) <= set(people), "the demo world has a user of every role"
    dead_ends: list[str] = []
    wording: list[str] = []
    cut_short: list[str] = []
    visited = 0
    patterns: set[tuple[str, str]] = set()
    for who, user in people.items():
        # Every URL pattern the user can reach in every case (the nine stand at different stages),
        # with two objects per pattern and case where the first one's page led somewhere new.
        result = _crawl_as(user, per_pattern=2, limit=2000)
        dead_ends += [f"{who}: {d}" for d in result.dead_ends]
        wording += [f"{path}: {p}" for path, found in result.wording.items() for p in found]
        if not result.complete:
            cut_short.append(who)
        visited += len(result.visited)
        patterns |= {(who, name) for name in _patterns(result)}
    print(
        f"\ncrawl of the demo world: {len(people)} users, {visited} pages, "
        f"{len(patterns)} (user, URL pattern) pairs, {len(dead_ends)} dead ends"
    )
    assert dead_ends == [], "\n".join(dead_ends)
    # Dates as "29 November 2026", counts with the right noun, "Police have".
    assert wording == [], "\n".join(sorted(set(wording)))
    # Each crawl ran out of links to follow: no user's patterns were left out by the page limit.
    assert cut_short == []
    assert visited > 500
