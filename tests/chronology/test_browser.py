"""The chronology and genogram in Chromium: axe-clean pages, and pictures to look at
(var/screenshots/chronology-*.png)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cspr.accounts.roles import Role
from cspr.cases.models import Household, Person, PersonRole, Relationship, RelationshipKind, Sex
from cspr.chronology import actions
from cspr.chronology.dates import parse_date
from cspr.chronology.models import ChronologyEntry
from cspr.organisations.models import Agency, AgencyType
from tests.browser.harness import SCREENSHOTS, assert_accessible, screenshot, sign_in
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _family(world: World) -> None:
    case = world.cases["own"]
    child = Person.objects.get(case=case)
    child.first_name, child.sex, child.date_of_birth = "Amy", Sex.FEMALE, dt.date(2019, 4, 1)
    child.save()

    def person(name: str, sex: str, born: int, rel: str, **extra: Any) -> Person:
        return Person.objects.create(
            case=case,
            role=PersonRole.FAMILY_MEMBER,
            first_name=name,
            sex=sex,
            date_of_birth=dt.date(born, 6, 1),
            relationship_to_child=rel,
            **extra,
        )

    mum, dad = person("Beth", Sex.FEMALE, 1995, "Mother"), person("Carl", Sex.MALE, 1992, "Father")
    brother, partner = person("Dan", Sex.MALE, 2016, "Brother"), person("Ed", Sex.MALE, 1990, "Mother's partner")
    gran, grandad = (
        person("Fay", Sex.FEMALE, 1970, "Maternal grandmother"),
        person("Gus", Sex.MALE, 1966, "Maternal grandfather", deceased=True),
    )
    baby = person("Kit", Sex.UNKNOWN, 2026, "Half-sibling")
    rel = Relationship.objects.create
    for parent in (mum, dad):
        for kid in (child, brother):
            rel(case=case, from_person=parent, to_person=kid, kind=RelationshipKind.PARENT)
    for parent in (mum, partner):
        rel(case=case, from_person=parent, to_person=baby, kind=RelationshipKind.PARENT)
    for parent in (gran, grandad):
        rel(case=case, from_person=parent, to_person=mum, kind=RelationshipKind.PARENT)
    rel(case=case, from_person=mum, to_person=dad, kind=RelationshipKind.FORMER_PARTNER, separated=True)
    rel(case=case, from_person=mum, to_person=partner, kind=RelationshipKind.PARTNER)
    rel(case=case, from_person=gran, to_person=grandad, kind=RelationshipKind.PARTNER, separated=True)
    home = Household.objects.create(case=case, name="Mother's household")
    home.members.set([child, mum, brother, partner, baby])


def _entries(world: World) -> None:
    case = world.cases["own"]
    names = ["Children's Social Care", "Police", "Primary School", "GP Practice", "Health Visiting", "Housing"]
    agencies = [Agency.objects.create(partnership=world.home, name=n, agency_type=AgencyType.OTHER) for n in names]
    start = dt.date(2020, 1, 6)
    for i in range(36):
        day = start + dt.timedelta(days=37 * i)
        text = f"{day:%d/%m/%Y}" if i % 9 else f"?{day:%B %Y}"
        when = parse_date(text)
        ChronologyEntry.objects.create(
            case=case,
            agency=agencies[(i * 5) % len(agencies)],
            date_text=text,
            precision=when.precision,
            uncertain=when.uncertain,
            date_from=when.date_from,
            date_to=when.date_to,
            source="Agency record",
            child_seen="alone" if i % 3 == 0 else "",
            child_contact="Seen alone by the worker" if i % 3 == 0 else "",
            key_event=f"Fictional key event {i}",
            comment="Fictional analysis",
            key_learning_event=i % 8 == 0,
        )
    actions.set_review_period(
        case=case, start=dt.date(2021, 1, 1), end=dt.date(2023, 6, 30), acting_user=world.user(Role.BUSINESS_MANAGER)
    )


def test_chronology_and_genogram_pages_in_chromium(page, live_server, world: World) -> None:
    _family(world)
    _entries(world)
    reference = world.cases["own"].reference
    sign_in(page, live_server, world.user(Role.BUSINESS_MANAGER))

    page.goto(f"{live_server.url}/chronology/{reference}/")
    assert page.locator("h1").inner_text() == "Integrated chronology"
    timeline = page.locator("figure img")
    timeline.wait_for()
    assert page.evaluate("() => document.querySelector('figure img').naturalWidth") > 0, "the chart image did not load"
    assert_accessible(page)
    screenshot(page, "chronology-integrated")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    timeline.screenshot(path=str(SCREENSHOTS / "chronology-timeline.png"))

    page.goto(f"{live_server.url}/chronology/{reference}/?show=key")
    assert_accessible(page)

    page.goto(f"{live_server.url}/chronology/{reference}/genogram/")
    svg = page.locator("figure svg")
    assert svg.locator("text", has_text="Amy").count() == 1
    assert_accessible(page)
    svg.screenshot(path=str(SCREENSHOTS / "chronology-genogram.png"))

    for path in ("entries/add/", "upload/", "review-period/", "duplicates/"):
        page.goto(f"{live_server.url}/chronology/{reference}/{path}")
        assert_accessible(page)
    page.goto(f"{live_server.url}/chronology/{reference}/entries/add/")
    page.click("button:has-text('Add entry')")
    assert page.title().startswith("Error: ")
    assert_accessible(page)
