"""Dates read "29 November 2026" everywhere, counts take the right noun, and "Police have"."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.organisations.models import PartnerKind
from cspr.ui.formatting import format_date, format_datetime
from cspr.ui.wording import partner_has, plural
from tests.portal.conftest import add_family, send_to_own_agency
from tests.ui.crawl import visible_text, wording_problems
from tests.world import World

NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def test_dates_kept_as_iso_text_are_shown_in_words() -> None:
    assert format_date("2026-11-29") == "29 November 2026"
    assert format_date("2026-11-29T23:30:00+00:00") == "29 November 2026"
    # Late on 29 November in London is still 29 November; British Summer Time is accounted for.
    assert format_date("2026-06-29T23:30:00+00:00") == "30 June 2026"
    assert format_datetime("2026-11-29T14:05:00+00:00") == "29 November 2026 at 2:05pm"
    assert format_date("") == "Not recorded"
    assert format_date("", "Not answered") == "Not answered"
    # Free text typed by a person is left as typed, never a 500.
    assert format_date("end of last term") == "end of last term"


def test_counts_and_partners_read_as_english() -> None:
    assert plural(1, "agency") == "1 agency"
    assert plural(2, "agency") == "2 agencies"
    assert plural(0, "entry") == "0 entries"
    assert plural(3, "request") == "3 requests"
    assert partner_has(PartnerKind.POLICE.label) == "Police have"
    assert partner_has(PartnerKind.LOCAL_AUTHORITY.label) == "The local authority has"
    assert partner_has(PartnerKind.ICB.label) == "The Integrated Care Board has"


@pytest.mark.django_db
def test_the_helpers_answers_on_the_case_page_are_dated_in_words(world: World) -> None:
    client = Client()
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            reverse("rapidreview:notify"),
            {
                "subject": "child",
                "age": "under_18",
                "looked_after": "no",
                "harm": "died",
                "location": "in_area",
                "abuse_or_neglect": "yes",
            },
        )
        assert response.status_code == 200, response.content.decode()[:500]
        decision = client.session["rapidreview.notify"]
        case = world.cases["own"]
        case.notification_decision = decision
        case.save(update_fields=["notification_decision"])
        html = client.get(reverse("cases:detail", kwargs={"reference": case.reference})).content.decode()
    text = visible_text(html)
    assert "Should we notify? (answered 29 November 2026)" in text
    assert not ISO.search(text), ISO.findall(text)


@pytest.mark.django_db
def test_the_agency_check_page_shows_the_date_completed_in_words(world: World) -> None:
    add_family(world)
    with time_machine.travel(NOW, tick=False):
        request = send_to_own_agency(world)
        request.answers = {"date_completed": "2026-11-27", "summary_of_involvement": "Fictional."}
        request.save(update_fields=["answers"])
        client = Client()
        client.force_login(world.agency_users["own"])
        html = client.get(reverse("portal:check", kwargs={"request_id": request.pk})).content.decode()
    assert "Date completed 27 November 2026" in visible_text(html)
    assert wording_problems(html) == []


@pytest.mark.django_db
def test_one_agency_sent_reads_one_agency(world: World) -> None:
    add_family(world)
    client = Client()
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    case = world.cases["own"]
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            reverse("portal:send_scoping", kwargs={"reference": case.reference}),
            {"agencies": [world.agencies["own"].pk], "case_summary": "Fictional.", "time_period": "Birth to incident."},
            follow=True,
        )
    text = visible_text(response.content.decode())
    assert "Scoping requests sent to 1 agency" in text
    assert "1 agencies" not in text
