"""The LCSPR task list's "Family engagement" section: counts for everyone, names and links only for the team."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from cspr.accounts.roles import Role
from cspr.cases.models import Person, PersonRole
from cspr.family import actions
from cspr.family.models import ContactKind, Invitation, Method, Outcome
from cspr.family.tasklist import NO_ACCESS, section
from tests.family.helpers import Family, client_for, lcspr_family
from tests.world import World

pytestmark = pytest.mark.django_db


def _log(f: Family, world: World, people: list[Person]) -> None:
    team = world.user(Role.REVIEW_TEAM_MEMBER)
    for i, person in enumerate(people):
        actions.save_invitation(case=f.case, person=person, invite=i % 3 != 2, reason_not_invited="X", coordinator=team,
                                acting_user=team)  # fmt: skip
        if i % 3 == 2:
            continue
        for day in (20, 24):
            actions.record_contact(case=f.case, person=person, kind=ContactKind.ATTEMPT, on=dt.date(2026, 11, day),
                                   method=Method.PHONE, by=team, outcome=Outcome.SPOKE, acting_user=team)  # fmt: skip
        actions.send_letter(case=f.case, person=person, on=dt.date(2026, 11, 18), method=Method.LETTER, by=team,
                            acting_user=team)  # fmt: skip


def _queries(f: Family, world: World, role: Role) -> int:
    request = RequestFactory().get("/")
    request.user = world.user(role)
    with CaptureQueriesContext(connection) as captured:
        section(request, f.case)
    return len(captured)


def test_the_section_takes_the_same_number_of_queries_whatever_the_family_and_log_size(world: World) -> None:
    f = lcspr_family(world)
    _log(f, world, [f.mother])
    small = {role: _queries(f, world, role) for role in (Role.REVIEW_TEAM_MEMBER, Role.BUSINESS_MANAGER)}
    more = [
        Person.objects.create(
            case=f.case, role=PersonRole.SIGNIFICANT_OTHER, first_name=f"Other{i}", last_name="Fiction"
        )
        for i in range(12)
    ]
    _log(f, world, [f.father, f.sibling, *more])
    assert Invitation.objects.count() == 15
    large = {role: _queries(f, world, role) for role in (Role.REVIEW_TEAM_MEMBER, Role.BUSINESS_MANAGER)}
    assert large == small


def test_the_team_gets_links_and_others_counts_only(world: World) -> None:
    f = lcspr_family(world)
    _log(f, world, [f.mother, f.father, f.sibling])
    url = f"/lcspr/{f.case.reference}/"
    team_page = client_for(world.user(Role.REVIEW_TEAM_MEMBER)).get(url).content.decode()
    assert "Family engagement" in team_page
    assert f"/family/{f.case.reference}/" in team_page
    assert "2 sent the letter, 2 contacted, 0 taking part, 1 not involved; last contact 24 November 2026" in team_page
    for role in (Role.BUSINESS_MANAGER, Role.PARTNER_LEAD, Role.SCRUTINEER):
        page = client_for(world.user(role)).get(url).content.decode()
        assert "Family engagement" in page
        assert NO_ACCESS in page
        assert "2 sent the letter, 2 contacted" in page
        assert f"/family/{f.case.reference}/" not in page
        for name in ("Mira", "Fred", "Sid"):
            assert name not in page


def test_engagement_summary_for_the_review_team_meeting_gives_counts_without_names(world: World) -> None:
    from cspr.family.report import engagement_summary

    f = lcspr_family(world)
    assert engagement_summary(f.case).text.startswith("4 family members to be invited")  # the child survives
    _log(f, world, [f.mother, f.father, f.sibling])
    text = engagement_summary(f.case).text
    assert text == (
        "3 family members to be invited (1 not invited, with reasons recorded); 2 sent the letter and leaflet; "
        "2 contacted; 0 taking part; 1 not involved. Last contact 24 November 2026."
    )
