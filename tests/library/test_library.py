"""Themes taxonomy, the national reviews library, references considered by the CSPR group (rule 74)
and thematic reviews across cases (§1.4.6, rule 75), tried by users who would break them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.library import actions
from cspr.library.models import LibraryReference, NationalReview, ThematicReview, Theme, themes_for
from tests.learning.helpers import TODAY
from tests.world import World, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_seeded_library_holds_national_panel_reviews(world: World) -> None:
    titles = dict(NationalReview.objects.filter(partnership__isnull=True).values_list("title", "year"))
    assert any(t.startswith("Out of Routine") and y == 2020 for t, y in titles.items())
    assert any(t.startswith("It was hard to escape") and y == 2020 for t, y in titles.items())
    assert any(t.startswith("Child Protection in England") and y == 2022 for t, y in titles.items())


def test_a_partnership_adds_and_retires_its_own_themes_audited(world: World) -> None:
    bm = world.user(Role.BUSINESS_MANAGER)
    client = _client(bm)
    assert client.post(reverse("library:theme_add"), {"name": "Demo  transitions to adulthood"}).status_code == 302
    theme = Theme.objects.get(partnership=world.home)
    assert theme.name == "Demo transitions to adulthood"
    assert theme in themes_for(world.home)
    assert theme not in themes_for(world.away)
    status = reverse("library:theme_status", kwargs={"pk": theme.pk})
    assert client.post(status, {"active": "no"}).status_code == 302
    assert theme not in themes_for(world.home)
    assert list(AuditEvent.objects.filter(action__startswith="library.").values_list("action", flat=True)) == [
        "library.add_theme",
        "library.retire_theme",
    ]
    # A common theme's name again, a common theme retired, another partnership's theme: refused.
    with pytest.raises(ValidationError, match="already a theme"):
        actions.add_theme(world.home, name="neglect", acting_user=bm)
    common = Theme.objects.get(name="Neglect")
    with pytest.raises(ValidationError, match="common themes"):
        actions.set_theme_active(common, active=False, acting_user=bm)
    assert client.post(reverse("library:theme_status", kwargs={"pk": common.pk}), {"active": "no"}).status_code == 404
    away_theme = Theme.objects.create(partnership=world.away, name="Away theme")
    assert (
        client.post(reverse("library:theme_status", kwargs={"pk": away_theme.pk}), {"active": "no"}).status_code == 404
    )
    with pytest.raises(PermissionDenied):
        actions.set_theme_active(away_theme, active=False, acting_user=bm)
    assert _client(world.user(Role.CSPR_GROUP_MEMBER)).get(reverse("library:themes")).status_code == 404


def test_the_partnership_adds_a_national_review_others_do_not_see_it(world: World) -> None:
    bm = world.user(Role.BUSINESS_MANAGER)
    data = {"title": "Demo national review", "year": "2024", "link": "https://example.invalid/r", "key_findings": "K"}
    assert _client(bm).post(reverse("library:review_add"), data).status_code == 302
    review = NationalReview.objects.get(title="Demo national review")
    assert review.partnership == world.home
    group = _client(world.user(Role.CSPR_GROUP_MEMBER)).get(reverse("library:reviews")).content.decode()
    assert "Demo national review" in group
    assert "Add a national review" not in group  # links follow access
    away = _client(world.away_manager).get(reverse("library:reviews")).content.decode()
    assert "Demo national review" not in away
    assert _client(world.user(Role.AGENCY_LEAD)).get(reverse("library:reviews")).status_code == 404


def test_a_case_refers_to_a_review_and_the_group_records_it_as_considered(world: World) -> None:
    case = world.cases["own"]  # a Rapid Review or an LCSPR alike
    bm = world.user(Role.BUSINESS_MANAGER)
    review = NationalReview.objects.filter(title__startswith="It was hard to escape").get()
    client = _client(world.user(Role.CSPR_GROUP_MEMBER))
    add = reverse("library:reference_add", kwargs={"reference": case.reference})
    assert client.post(add, {"review": review.pk, "relevance": "Exploitation of a 15-year-old"}).status_code == 302
    ref = LibraryReference.objects.get(case=case)
    url = reverse("library:considered", kwargs={"reference": case.reference, "pk": ref.pk})
    data = {
        "considered_on-day": "1",
        "considered_on-month": "12",
        "considered_on-year": "2026",
        "considered_by": "CSPR group",
        "conclusion": "Local learning adds to the national review on transport hubs.",
    }
    assert _client(bm).post(url, data).status_code == 302
    ref.refresh_from_db()
    assert (ref.considered_on, ref.considered_by, ref.considered_recorded_by) == (TODAY, "CSPR group", bm)
    page = client.get(reverse("library:case", kwargs={"reference": case.reference})).content.decode()
    assert "By CSPR group on 1 December 2026" in page
    # Another partnership's own library entry cannot be referred to; the scrutineer cannot write.
    theirs = NationalReview.objects.create(partnership=world.away, title="Away only", year=2023)
    with pytest.raises(ValidationError):
        actions.reference_review(case, review=theirs, relevance="x", acting_user=bm)
    assert _client(world.user(Role.SCRUTINEER)).post(url, data).status_code == 403
    assert _client(world.away_manager).get(url).status_code == 404


def test_cases_grouped_into_a_thematic_review_show_the_link(world: World) -> None:
    first, second = world.cases["own"], make_case("HOME-2026-077", world.home)
    bm = world.user(Role.BUSINESS_MANAGER)
    client = _client(bm)
    url = reverse("library:thematic_add", kwargs={"reference": first.reference})
    response = client.post(url, {"title": "Demo exploitation thematic review"})
    assert response.status_code == 400
    assert "Enter why these cases are reviewed together" in response.content.decode()
    data = {"title": "Demo exploitation thematic review", "rationale": "Two young people, one network."}
    assert client.post(url, data).status_code == 302
    thematic = ThematicReview.objects.get()
    second_url = reverse("library:thematic_add", kwargs={"reference": second.reference})
    assert client.post(second_url, {"thematic": thematic.pk}).status_code == 302
    assert set(thematic.cases.all()) == {first, second}
    page = client.get(reverse("library:case", kwargs={"reference": first.reference})).content.decode()
    assert "Two young people, one network." in page
    assert reverse("cases:detail", kwargs={"reference": second.reference}) in page
    detail = client.get(reverse("cases:detail", kwargs={"reference": first.reference})).content.decode()
    assert "Demo exploitation thematic review" in detail
    # The lead reviewer reaches only the first case: the second is named, not linked.
    reviewer = _client(world.user(Role.LEAD_REVIEWER)).get(
        reverse("library:case", kwargs={"reference": first.reference})
    )
    assert reverse("cases:detail", kwargs={"reference": second.reference}) not in reviewer.content.decode()
    # Another partnership's thematic review cannot be joined.
    theirs = ThematicReview.objects.create(
        partnership=world.away, title="Away", rationale="x", created_by=world.away_manager
    )
    with pytest.raises(ValidationError):
        actions.link_thematic_review(first, thematic=theirs, acting_user=bm)
