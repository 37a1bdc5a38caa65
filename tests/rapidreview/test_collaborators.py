"""Collaborating partnerships (C12): a collaborator reads everything and contributes its own agencies'
information and attendees; the decision, ratification and submission belong to the lead partnership.

Before this, Dudley, as a collaborator on DEMO-3, had working forms for Wolverhampton's decision,
attendance and family.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from cspr.accounts.demo import demo_email
from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import AgencyInvolvement, Case
from cspr.organisations.models import Agency, AgencyType, PartnerKind
from cspr.rapidreview import actions
from cspr.rapidreview.models import Attendee
from tests.rapidreview.helpers import complete_record, meeting_with
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 11, 16, 12, 0, tzinfo=dt.UTC)):
        yield


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name: str, case: Case, **kwargs: object) -> str:
    return reverse(name, kwargs={"reference": case.reference, **kwargs})


def test_dudley_reads_demo_3_but_gets_no_form_for_wolverhamptons_decisions(demo_world: None) -> None:
    case = Case.objects.get(reference="DEMO-3")
    dudley = _client(User.objects.get(email=demo_email("dudley.manager")))
    assert dudley.get(_url("cases:detail", case)).status_code == 200
    overview = dudley.get(_url("rapidreview:overview", case))
    assert overview.status_code == 200
    lead_attendee = case.rr_meeting.attendees.first()
    person = case.people.first()
    assert lead_attendee is not None
    assert person is not None
    forbidden = [
        _url("rapidreview:decision", case),
        _url("rapidreview:ratify", case),
        _url("rapidreview:ratify_on_behalf", case),
        _url("rapidreview:submit", case),
        _url("rapidreview:endorse", case),
        _url("rapidreview:meeting", case),
        _url("rapidreview:attendee_edit", case, attendee_id=lead_attendee.pk),
        _url("rapidreview:record", case, section="discussion"),
        _url("cases:person_add", case),
        _url("cases:person_edit", case, person_id=person.pk),
        _url("cases:relationship_add", case),
        _url("cases:household_add", case),
    ]
    for url in forbidden:
        assert dudley.get(url).status_code == 403, url
        assert dudley.post(url, {}).status_code == 403, url
    # ... and the pages do not offer those links.
    text = overview.content.decode()
    for url in forbidden:
        assert f'href="{url}"' not in text, url
    detail = dudley.get(_url("cases:detail", case)).content.decode()
    assert f'href="{_url("cases:person_add", case)}"' not in detail
    # What Dudley may do is offered and works.
    assert f'href="{_url("rapidreview:attendee_add", case)}"' in text
    assert f'href="{_url("cases:agency_add", case)}"' in detail
    assert dudley.get(_url("rapidreview:attendee_add", case)).status_code == 200


def test_a_collaborator_adds_and_changes_only_its_own_attendees(world: World) -> None:
    case = world.cases["collab"]  # led by away; home collaborates
    meeting = meeting_with(world, case, [PartnerKind.LOCAL_AUTHORITY], date=dt.date(2026, 11, 13))
    lead_attendee = meeting.attendees.get()
    manager = world.user(Role.BUSINESS_MANAGER)
    client = _client(manager)
    response = client.post(
        _url("rapidreview:attendee_add", case),
        {"name": "Test Home Delegate", "role": "Head of Service", "organisation": "Home Test Partnership"},
    )
    assert response.status_code == 302
    mine = Attendee.objects.get(meeting=meeting, name="Test Home Delegate")
    assert mine.contributed_by_id == world.home.pk
    edit_mine = _url("rapidreview:attendee_edit", case, attendee_id=mine.pk)
    assert client.get(edit_mine).status_code == 200
    edit_theirs = _url("rapidreview:attendee_edit", case, attendee_id=lead_attendee.pk)
    assert client.get(edit_theirs).status_code == 403
    assert client.post(edit_theirs, {"name": "Changed", "role": "x", "organisation": "y"}).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.save_attendee(case, lead_attendee, values={"present": False}, acting_user=manager)
    lead_attendee.refresh_from_db()
    assert lead_attendee.name != "Changed"
    assert lead_attendee.present is True
    overview = client.get(_url("rapidreview:overview", case)).content.decode()
    assert f'href="{edit_mine}"' in overview
    assert f'href="{edit_theirs}"' not in overview


def test_a_collaborator_adds_its_own_agencies_only(world: World) -> None:
    case = world.cases["collab"]
    away_agency = world.agencies["away"]
    home_agency = world.agencies["own"]
    client = _client(world.user(Role.BUSINESS_MANAGER))
    url = _url("cases:agency_add", case)
    page = client.get(url).content.decode()
    assert home_agency.name in page
    assert away_agency.name not in page
    assert client.post(url, {"agency": away_agency.pk}).status_code == 400
    assert client.post(url, {"agency": home_agency.pk}).status_code == 302
    assert list(AgencyInvolvement.objects.filter(case=case).values_list("agency", flat=True)) == [home_agency.pk]


def test_the_decision_and_submission_actions_refuse_a_collaborator(world: World) -> None:
    case = world.cases["collab"]
    meeting_with(world, case, list(PartnerKind))
    complete_record(world, case)
    with pytest.raises(PermissionDenied):
        actions.record_decision(
            case,
            expected_version=None,
            decision=["b"],
            other_review="",
            kloes="k",
            reasons="r",
            decision_date=dt.date(2026, 11, 13),
            acting_user=world.user(Role.BUSINESS_MANAGER),
        )
    case.refresh_from_db()
    assert case.decision_date is None
    with pytest.raises(PermissionDenied):
        actions.submit(case, method="email", date=dt.date(2026, 11, 16), acting_user=world.user(Role.PARTNER_LEAD))


def test_the_lead_partnership_still_writes_everything(world: World) -> None:
    case = world.cases["collab"]
    away_agency = Agency.objects.create(partnership=world.away, name="Away Test GP", agency_type=AgencyType.GP)
    client = _client(world.away_manager)
    for name in ("rapidreview:decision", "rapidreview:meeting", "cases:person_add", "rapidreview:attendee_add"):
        assert client.get(_url(name, case)).status_code == 200, name
    assert client.post(_url("cases:agency_add", case), {"agency": away_agency.pk}).status_code == 302
