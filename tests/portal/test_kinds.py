"""Request kinds are plug-ins: a kind registered here, in a test, is sent, answered online, checked,
submitted and collated through the portal's generic views, with no view knowing about it. And an
agency of a collaborating partnership can be asked, as the case record already allows (C12)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django import forms
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.portal import actions
from cspr.portal.kinds import registry
from cspr.portal.kinds.base import RequestKind, Section, SectionForm, plain
from cspr.portal.models import InformationRequest, RequestState, RequestType
from tests.portal.conftest import NOW, add_family, standing_in
from tests.world import World

KEY = RequestType.INFORMATION_REPORT.value  # a stand-in for a kind a later app will register


class WhatHappened(SectionForm):
    required_answers = frozenset({"what_happened"})
    what_happened = forms.CharField(label="What happened", required=False, widget=forms.Textarea)


class WhoWasInvolved(SectionForm):
    practitioners = forms.CharField(label="Practitioners involved", required=False)
    seen_on = forms.DateField(label="Date the child was last seen", required=False)


class ExampleKind(RequestKind):
    key = KEY
    title = "Example information report"
    sections = (
        Section("what", "Part A: Events", "A1. What happened", plain(WhatHappened), required=True),
        Section("who", "Part B: People", "B1. Who was involved", plain(WhoWasInvolved)),
    )
    collated_title = "Example reports side by side"

    def due_date(self, case: Case, sent_on: dt.date) -> dt.date:
        return sent_on + dt.timedelta(days=20)


@pytest.fixture
def example_kind() -> Iterator[RequestKind]:
    # The built-in information report steps aside for the test's stand-in, and comes back after.
    yield from standing_in(ExampleKind())


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_kind_registered_in_a_test_is_answered_through_the_generic_views(
    world: World, example_kind: RequestKind
) -> None:
    manager = world.user(Role.BUSINESS_MANAGER)
    case = world.cases["own"]
    with time_machine.travel(NOW):
        request = actions.create_request(case, world.agencies["own"], RequestType(KEY), acting_user=manager)
        request = actions.send_request(request, acting_user=manager)
    assert request.due_date == dt.date(2026, 11, 23)  # the kind's own due-date rule
    lead = _client(world.agency_users["own"])
    tasks = lead.get(reverse("portal:answer", args=[request.pk])).content.decode()
    assert tasks.index("Part A: Events") < tasks.index("A1. What happened") < tasks.index("B1. Who was involved")
    assert reverse("portal:answer_section", args=[request.pk, "what"]) in tasks

    check = lead.get(reverse("portal:check", args=[request.pk])).content.decode()
    assert "You cannot submit yet" in check
    assert "Enter what happened" in check  # the missing part, linked to its section
    assert f'href="{reverse("portal:answer_section", args=[request.pk, "what"])}"' in check

    saved = lead.post(
        reverse("portal:answer_section", args=[request.pk, "who"]),
        {"version": "1", "practitioners": "A fictional health visitor", "seen_on": "2026-10-30", "save": "1"},
    )
    assert saved.status_code == 302
    continued = lead.post(
        reverse("portal:answer_section", args=[request.pk, "what"]),
        {"version": "2", "what_happened": "A fictional account.", "continue": "1"},
    )
    assert continued["Location"] == reverse("portal:answer_section", args=[request.pk, "who"])
    last = lead.post(
        reverse("portal:answer_section", args=[request.pk, "who"]),
        {"version": "3", "practitioners": "A fictional health visitor", "seen_on": "2026-10-30", "continue": "1"},
    )
    assert last["Location"] == reverse("portal:check", args=[request.pk])  # after the last section
    request.refresh_from_db()
    assert request.answers["practitioners"] == "A fictional health visitor"  # drafts saved per section
    assert request.answers["seen_on"] == "2026-10-30"

    # The kind has no letter and no Word form: those downloads do not exist for it.
    assert lead.get(reverse("portal:document", args=[request.pk, "letter"])).status_code == 404
    assert lead.get(reverse("portal:document", args=[request.pk, "form"])).status_code == 404
    with time_machine.travel(NOW + dt.timedelta(days=1)):
        submitted = lead.post(
            reverse("portal:check", args=[request.pk]),
            {
                "records_secured_on-day": "3",
                "records_secured_on-month": "11",
                "records_secured_on-year": "2026",
                "records_secured_by": "Test Lead",
                "kept_separate": "on",
            },
        )
    assert submitted.status_code == 302
    assert InformationRequest.objects.get(pk=request.pk).state == RequestState.SUBMITTED

    coordinator = _client(manager)
    collated = coordinator.get(reverse("portal:kind_collated", args=[case.reference, KEY]))
    assert collated.status_code == 200
    body = collated.content.decode()
    assert "Example reports side by side" in body
    assert "A fictional account." in body
    detail = coordinator.get(reverse("portal:case_request", args=[case.reference, request.pk])).content.decode()
    assert "A fictional health visitor" in detail


@pytest.fixture
def unregistered() -> Iterator[None]:
    builtin = registry.REGISTRY.pop(KEY, None)
    yield
    if builtin is not None:
        registry.register(builtin)


@pytest.mark.django_db
@pytest.mark.usefixtures("unregistered")
def test_an_unregistered_kind_cannot_be_answered_or_collated(world: World) -> None:
    request = InformationRequest.objects.create(
        case=world.cases["own"], agency=world.agencies["own"], request_type=KEY, state=RequestState.SENT
    )
    lead = _client(world.agency_users["own"])
    assert lead.get(reverse("portal:answer", args=[request.pk])).status_code == 404
    assert lead.get(reverse("portal:answer_section", args=[request.pk, "what"])).status_code == 404
    coordinator = _client(world.user(Role.BUSINESS_MANAGER))
    assert coordinator.get(reverse("portal:kind_collated", args=["HOME-2026-001", KEY])).status_code == 404


@pytest.mark.django_db
def test_an_agency_of_a_collaborating_partnership_can_be_asked(world: World) -> None:
    """The case record accepts a collaborating partnership's agency as involved; so does the portal."""
    case = world.cases["collab"]  # led by "away", "home" collaborates
    add_family(world, "collab")
    with time_machine.travel(NOW):
        [request] = actions.send_scoping_requests(case, [world.agencies["own"]], acting_user=world.away_manager)
    assert (request.agency, request.state) == (world.agencies["own"], RequestState.SENT)
    # Its lead sees and answers it like any other request.
    lead = _client(world.agency_users["own"])
    assert lead.get(reverse("portal:answer", args=[request.pk])).status_code == 200
    # The lead partnership's send page offers the collaborating partnership's agencies.
    page = _client(world.away_manager).get(reverse("portal:send_scoping", args=[case.reference])).content.decode()
    assert "Home Test GP (Home Test Partnership)" in page


@pytest.mark.django_db
def test_an_agency_of_a_partnership_not_on_the_case_cannot_be_asked(world: World) -> None:
    add_family(world)
    with time_machine.travel(NOW), pytest.raises(ValidationError) as refused:
        actions.send_scoping_requests(
            world.cases["own"], [world.agencies["away"]], acting_user=world.user(Role.BUSINESS_MANAGER)
        )
    assert "lead or a collaborating partnership" in str(refused.value)
    assert not InformationRequest.objects.exists()
