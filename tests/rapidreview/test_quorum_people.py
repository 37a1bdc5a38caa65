"""Quorum counts people, not rows (C8, rule 28), tried by users who would break it.

Before this, the same person entered three times (as local authority, ICB and police) made a meeting
quorate, and so did three school staff marked as the three partners.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.cases.models import Stage
from cspr.organisations.models import PartnerKind
from cspr.rapidreview import actions, quorum
from cspr.rapidreview.models import Attendee, Meeting
from tests.rapidreview.helpers import complete_record, partner_lead
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 11, 16, 12, 0, tzinfo=dt.UTC)):
        yield


@pytest.fixture
def meeting(world: World) -> Meeting:
    case = world.cases["own"]
    m, _ = actions.set_meeting(
        case, date=dt.date(2026, 11, 13), time="10am", location="Room 1", acting_user=world.user(Role.BUSINESS_MANAGER)
    )
    complete_record(world, case)
    return m


def _add(world: World, meeting: Meeting, **values: Any) -> Attendee:
    base = {
        "role": "Director",
        "organisation": "Test organisation",
        "present": True,
        "delegated_authority": True,
        "confidentiality_agreed": True,
    }
    return actions.save_attendee(
        meeting.case, None, values=base | values, acting_user=world.user(Role.BUSINESS_MANAGER)
    )


def _decide(world: World, meeting: Meeting) -> None:
    actions.record_decision(
        meeting.case,
        expected_version=None,
        decision=["b"],
        other_review="",
        kloes="Information sharing",
        reasons="Learning about working together",
        decision_date=dt.date(2026, 11, 13),
        acting_user=world.user(Role.BUSINESS_MANAGER),
    )


def test_the_same_person_entered_three_times_is_not_quorate(world: World, meeting: Meeting) -> None:
    for kind in PartnerKind:
        _add(
            world,
            meeting,
            name="Test Sameperson",
            email="same.person@test.invalid",
            represents=kind.value,
            employed_by=kind.value,
        )
    q = quorum.for_meeting(meeting)
    assert not q.quorate
    assert sum(len(names) for names in q.covered.values()) == 1
    assert any("recorded for more than one partner" in note for note in q.not_counted)
    with pytest.raises(ValidationError, match="inquorate"):
        _decide(world, meeting)
    meeting.case.refresh_from_db()
    assert meeting.case.stage == Stage.MEETING


def test_the_same_person_by_name_only_counts_once(world: World, meeting: Meeting) -> None:
    for kind in PartnerKind:
        _add(world, meeting, name=" Test  Sameperson ", represents=kind.value, employed_by=kind.value)
    assert not quorum.for_meeting(meeting).quorate


def test_three_school_staff_marked_as_partners_are_not_quorate(world: World, meeting: Meeting) -> None:
    for n, kind in enumerate(PartnerKind):
        _add(world, meeting, name=f"Test Teacher {n}", organisation="Home Test School", represents=kind.value)
    q = quorum.for_meeting(meeting)
    assert not q.quorate
    assert q.missing == ["Local authority", "Integrated Care Board", "Police"]
    assert len(q.not_counted) == 3
    assert "does not count" in q.not_counted[0]
    with pytest.raises(ValidationError, match="inquorate"):
        _decide(world, meeting)


def test_a_user_of_the_partner_counts_without_an_employer_recorded(world: World, meeting: Meeting) -> None:
    for kind in PartnerKind:
        lead = partner_lead(world, kind)
        _add(world, meeting, name=lead.full_name, represents=kind.value, user=lead)
    assert quorum.for_meeting(meeting).quorate
    # The same user entered for another partner does not count for it.
    police = Attendee.objects.get(meeting=meeting, represents="police")
    police.user = partner_lead(world, PartnerKind.ICB)
    police.save()
    q = quorum.for_meeting(meeting)
    assert not q.quorate
    assert q.missing == ["Police"]


def test_one_person_per_partner_is_quorate_and_a_person_listed_twice_still_helps_once(
    world: World, meeting: Meeting
) -> None:
    # One person employed by the local authority is entered for the local authority and the ICB;
    # the ICB and police have their own people: the matching gives each partner a distinct person.
    _add(world, meeting, name="Test Both", email="both@test.invalid", represents="la", employed_by="la")
    _add(world, meeting, name="Test Both", email="both@test.invalid", represents="icb", employed_by="icb")
    _add(world, meeting, name="Test ICB", email="icb@test.invalid", represents="icb", employed_by="icb")
    _add(world, meeting, name="Test Police", email="police@test.invalid", represents="police", employed_by="police")
    q = quorum.for_meeting(meeting)
    assert q.quorate
    assert q.covered == {"la": ["Test Both"], "icb": ["Test ICB"], "police": ["Test Police"]}
    _decide(world, meeting)


def test_the_delegated_authority_flag_is_shown_on_the_quorum_panel(world: World, meeting: Meeting) -> None:
    _add(world, meeting, name="Test LA", email="la@test.invalid", represents="la", employed_by="la")
    _add(world, meeting, name="Test ICB", email="icb@test.invalid", represents="icb", employed_by="icb")
    _add(
        world,
        meeting,
        name="Test Police",
        email="police@test.invalid",
        represents="police",
        employed_by="police",
        delegated_authority=False,
    )
    client = Client()
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    page = client.get(reverse("rapidreview:overview", kwargs={"reference": meeting.case.reference})).content.decode()
    panel = page[page.index('id="quorum"') : page.index("Participants and observers")]
    assert "The meeting is quorate" in panel
    assert "Test Police; delegated authority: <strong>No</strong>" in panel
    assert "Test LA; delegated authority: <strong>Yes</strong>" in panel
    assert "Test Police (Police) has no delegated authority" in panel


def test_the_same_person_entered_with_different_details_counts_once(world: World, meeting: Meeting) -> None:
    lead = partner_lead(world, PartnerKind.LOCAL_AUTHORITY)
    _add(world, meeting, name=lead.full_name, represents="la", user=lead, email="one@test.invalid")
    _add(world, meeting, name="Someone Else", represents="icb", employed_by="icb", email="one@test.invalid")
    _add(world, meeting, name=lead.full_name, represents="police", employed_by="police")
    q = quorum.for_meeting(meeting)
    assert sum(len(names) for names in q.covered.values()) == 1
    # Two different people who share a name but not an email address are two people.
    _add(world, meeting, name="Test Twin", represents="icb", employed_by="icb", email="twin.a@test.invalid")
    _add(world, meeting, name="Test Twin", represents="police", employed_by="police", email="twin.b@test.invalid")
    assert quorum.for_meeting(meeting).quorate
