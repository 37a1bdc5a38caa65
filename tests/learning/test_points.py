"""Learning points and recommendations: numbering, links to the case's own records only, optimistic
concurrency, the partnership's number (a warning, never a refusal) and constant query counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.cases.models import Case
from cspr.chronology.models import ChronologyEntry
from cspr.learning import actions
from cspr.learning.models import Endorsement, LearningPoint, LearningSettings, Recommendation
from cspr.library.models import Theme
from cspr.workshops.models import KeyTheme
from tests.learning.helpers import TODAY, add_point, add_rec, commissioned, leads, manager, rec_values
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _entry(case: Case, world: World, text: str = "A fictional event") -> ChronologyEntry:
    return ChronologyEntry.objects.create(
        case=case,
        agency=world.agencies["own"],
        date_text="20/06/2025",
        date_from=dt.date(2025, 6, 20),
        date_to=dt.date(2025, 6, 20),
        source="GP record",
        key_event=text,
    )


def test_learning_points_are_numbered_and_linked_to_themes_episodes_and_entries(world: World) -> None:
    case = commissioned(world)
    reviewer = world.user(Role.LEAD_REVIEWER)  # the review team writes
    entry = _entry(case, world)
    key = KeyTheme.objects.create(case=case, title="Missed health appointments")
    theme = Theme.objects.get(name="Professional curiosity")
    url = reverse("learning:point_add", kwargs={"reference": case.reference})
    response = _client(reviewer).post(
        url,
        {
            "title": "Asking why",
            "text": "The learning",
            "themes": [theme.pk],
            "key_themes": [key.pk],
            "chronology_entries": [entry.pk],
        },
    )
    assert response.status_code == 302
    second = add_point(case, manager(world), title="Second")
    point = LearningPoint.objects.get(case=case, number=1)
    assert str(point) == "Learning Point 1"
    assert second.number == 2
    assert list(point.themes.all()) == [theme]
    assert list(point.key_themes.all()) == [key]
    assert list(point.chronology_entries.all()) == [entry]
    page = _client(reviewer).get(reverse("learning:index", kwargs={"reference": case.reference})).content.decode()
    assert "Learning Point 1: Asking why" in page
    assert "Missed health appointments" in page


def test_another_cases_entry_or_another_partnerships_theme_is_refused(world: World) -> None:
    case = commissioned(world)
    other_entry = _entry(world.cases["other"], world)
    away_theme = Theme.objects.create(partnership=world.away, name="Away only theme")
    bm = manager(world)
    with pytest.raises(ValidationError, match="chronology"):
        actions.add_learning_point(case, title="T", text="X", chronology_entries=[other_entry], acting_user=bm)
    with pytest.raises(ValidationError, match="partnership's list"):
        actions.add_learning_point(case, title="T", text="X", themes=[away_theme], acting_user=bm)
    # A forged id on the page is not a choice.
    url = reverse("learning:point_add", kwargs={"reference": case.reference})
    response = _client(bm).post(url, {"title": "T", "text": "X", "chronology_entries": [other_entry.pk]})
    assert response.status_code == 400
    assert not LearningPoint.objects.exists()


def test_two_people_editing_one_learning_point_do_not_overwrite_each_other(world: World) -> None:
    case = commissioned(world)
    point = add_point(case, manager(world))
    url = reverse("learning:point_edit", kwargs={"reference": case.reference, "pk": point.pk})
    reviewer, bm = _client(world.user(Role.LEAD_REVIEWER)), _client(manager(world))
    assert reviewer.post(url, {"title": "Reviewer's title", "text": "R", "version": "1"}).status_code == 302
    response = bm.post(url, {"title": "Manager's title", "text": "M", "version": "1"})
    assert response.status_code == 400
    assert "changed this record after you opened it" in response.content.decode()
    assert 'value="Manager&#39;s title"' in response.content.decode()  # what they typed is kept
    point.refresh_from_db()
    assert (point.title, point.version) == ("Reviewer's title", 2)


def test_a_recommendation_needs_who_what_measure_and_when(world: World) -> None:
    case = commissioned(world)
    with pytest.raises(ValidationError) as error:
        actions.add_recommendation(
            case, acting_user=manager(world), **rec_values(addressee=" ", measure="", expected_change="")
        )
    assert set(error.value.message_dict) == {"addressee", "measure", "expected_change"}
    url = reverse("learning:recommendation_add", kwargs={"reference": case.reference})
    response = _client(manager(world)).post(url, {"scope": "local"})
    assert response.status_code == 400
    assert "Enter how its effect will be measured" in response.content.decode()


def test_above_the_partnerships_number_the_page_warns_and_still_saves(world: World) -> None:
    case = commissioned(world)
    bm = manager(world)
    LearningSettings.objects.create(partnership=world.home, recommendation_limit=2)
    for _ in range(2):
        add_rec(case, bm)
    url = reverse("learning:recommendation_add", kwargs={"reference": case.reference})
    client = _client(bm)
    assert "your partnership&#39;s number is 2" in client.get(url).content.decode()
    data = {
        "addressee": "Demo ICB",
        "scope": "local",
        "expected_change": "C",
        "measure": "M",
        "due_by-day": "30",
        "due_by-month": "6",
        "due_by-year": "2027",
        "national_policy": "no",
    }
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert Recommendation.objects.filter(case=case).count() == 3
    assert "more than the 2 your partnership has set" in response.content.decode()


def test_the_number_is_set_by_the_partnership_and_audited(world: World) -> None:
    url = reverse("learning:settings")
    bm = manager(world)
    assert _client(bm).post(url, {"limit": "4"}).status_code == 302
    assert LearningSettings.objects.get(partnership=world.home).recommendation_limit == 4
    row = AuditEvent.objects.get(action="learning.set_recommendation_limit")
    assert (row.before, row.after["recommendation_limit"]) == ({"recommendation_limit": 6}, 4)
    assert _client(world.user(Role.CSPR_GROUP_MEMBER)).get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        actions.set_recommendation_limit(world.away, limit=3, expected_version=None, acting_user=bm)


def _counting(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_n(world: World, case: Case, n: int) -> None:
    bm = manager(world)
    by = leads(world)
    theme = Theme.objects.filter(partnership__isnull=True).first()
    assert theme is not None
    for i in range(n):
        point = add_point(case, bm, title=f"Point {i}")
        point.themes.add(theme)
        point.chronology_entries.add(_entry(case, world, f"Event {i}"))
        point.key_themes.add(KeyTheme.objects.create(case=case, title=f"Key {i}"))
        rec = add_rec(case, bm, learning_points=[point], themes=[theme])
        for kind in ("la", "icb"):
            Endorsement.objects.create(
                recommendation=rec,
                partner=kind,
                executive_name="E",
                executive_role="R",
                date=TODAY,
                recorded_by=by[kind],
            )


def test_query_counts_are_constant_with_the_number_of_points_and_recommendations(world: World) -> None:
    case = commissioned(world)
    client = _client(world.user(Role.PARTNER_LEAD))
    pages = [
        reverse("learning:index", kwargs={"reference": case.reference}),
        reverse("lcspr:overview", kwargs={"reference": case.reference}),
    ]
    _add_n(world, case, 1)
    [_counting(client, url) for url in pages]  # the session and caches warm up
    before = [_counting(client, url) for url in pages]
    _add_n(world, case, 5)
    after = [_counting(client, url) for url in pages]
    assert after == before
