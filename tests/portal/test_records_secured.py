"""Rule 24 (records secured: when and by whom; the submission kept apart from the case files) is
asked per request kind. An information request about the child's records asks it on the submit
page and the submit action requires it whatever the page posts; a kind that switches it off
(``RequestKind.asks_records_secured``, an action plan's progress update) is submitted without it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django import forms
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.cases.models import Case
from cspr.portal import actions
from cspr.portal.kinds.base import RequestKind, Section, SectionForm, plain
from cspr.portal.kinds.registry import completeness_problems
from cspr.portal.models import InformationRequest, RequestState, RequestType
from tests.portal.conftest import NOW, standing_in
from tests.world import World

SCOPING_ANSWERS = {
    "contact_name": "Test Lead",
    "contact_designation": "Home Test School, Designated Safeguarding Lead",
    "contact_details": "school@test.invalid",
    "summary_of_involvement": "Attended the school from 2022.",
}
RECORDS = {
    "records_secured_on-day": "3",
    "records_secured_on-month": "11",
    "records_secured_on-year": "2026",
    "records_secured_by": "Test Lead, DSL",
    "kept_separate": "on",
}
KEY = RequestType.INFORMATION_REPORT.value  # the test kind stands in for the built-in one


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _without(*names: str) -> dict[str, str]:
    return {k: v for k, v in RECORDS.items() if not any(k.startswith(n) for n in names)}


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_forged_post_without_the_records_secured_is_refused_on_an_information_request(
    world: World, sent: InformationRequest
) -> None:
    lead = world.agency_users["own"]
    actions.mark_opened(sent, acting_user=lead)
    tracker = [actions.TrackerRow("Share attendance concerns sooner", "Update the policy", "DSL", dt.date(2026, 12, 1))]
    request = actions.save_draft(InformationRequest.objects.get(pk=sent.pk), SCOPING_ANSWERS, tracker, acting_user=lead)
    assert completeness_problems(request) == []  # complete: only rule 24 can refuse it
    client = _client(lead)
    url = reverse("portal:check", args=[request.pk])
    page = client.get(url).content.decode()
    assert "Securing the records" in page
    assert 'name="records_secured_by"' in page
    for forged in ({}, _without("records_secured_on"), _without("records_secured_by"), _without("kept_separate")):
        response = client.post(url, forged)
        assert response.status_code == 400, forged
    # The action refuses it too, called without the page's form.
    with pytest.raises(ValidationError) as refused:
        actions.submit_return(request, records_secured_by=" ", acting_user=lead)
    assert refused.value.messages == [
        "Enter the date the records were secured",
        "Enter who secured the records",
        "Confirm that your agency's submission is kept separate from the case records",
    ]
    after = InformationRequest.objects.get(pk=request.pk)
    assert (after.state, after.returned_at, after.records_secured_on) == (RequestState.OPENED, None, None)
    assert not AuditEvent.objects.filter(action="portal.submit").exists()
    # With them, the same return goes.
    assert client.post(url, RECORDS).status_code == 302
    after = InformationRequest.objects.get(pk=request.pk)
    assert (after.state, after.records_secured_on, after.kept_separate) == (
        RequestState.SUBMITTED,
        dt.date(2026, 11, 3),
        True,
    )


class Progress(SectionForm):
    required_answers = frozenset({"progress"})
    progress = forms.CharField(label="Progress", required=False, widget=forms.Textarea)


class NoRecordsKind(RequestKind):
    """A kind about the agency's own work since the review, not its records of the child."""

    key = KEY
    title = "Example follow-up"
    about_the_family = False
    asks_records_secured = False
    sections = (Section("progress", "Follow-up", "1. Progress", plain(Progress), required=True),)

    def due_date(self, case: Case, sent_on: dt.date) -> dt.date:
        return sent_on + dt.timedelta(days=20)


@pytest.fixture
def no_records_kind() -> Iterator[RequestKind]:
    yield from standing_in(NoRecordsKind())


@pytest.mark.django_db
@pytest.mark.usefixtures("no_records_kind")
@time_machine.travel(NOW, tick=False)
def test_a_kind_that_does_not_ask_the_records_secured_is_submitted_without_them(world: World) -> None:
    manager = world.user(Role.BUSINESS_MANAGER)
    case = world.cases["own"]
    request = actions.create_request(case, world.agencies["own"], RequestType(KEY), acting_user=manager)
    request = actions.send_request(request, acting_user=manager)
    lead = world.agency_users["own"]
    actions.save_draft(request, {"progress": "Done (fictional)."}, None, acting_user=lead)
    client = _client(lead)
    url = reverse("portal:check", args=[request.pk])
    page = client.get(url).content.decode()
    assert "Securing the records" not in page
    assert "records_secured" not in page
    assert "kept_separate" not in page
    assert "Submit your return" in page
    response = client.post(url, {})
    assert response.status_code == 302
    after = InformationRequest.objects.get(pk=request.pk)
    assert (after.state, after.records_secured_on, after.records_secured_by, after.kept_separate) == (
        RequestState.SUBMITTED,
        None,
        "",
        False,
    )
    audit: dict[str, Any] = AuditEvent.objects.get(action="portal.submit", object_id=str(request.pk)).after
    assert "records_secured_on" not in audit
    # Neither side is told of records secured or "not yet confirmed".
    assert "Records were secured" not in client.get(reverse("portal:request", args=[request.pk])).content.decode()
    coordinator = _client(manager)
    detail = coordinator.get(reverse("portal:case_request", args=[case.reference, request.pk])).content.decode()
    assert "Records secured" not in detail
    case_page = coordinator.get(reverse("portal:case_requests", args=[case.reference])).content.decode()
    assert "Not asked" in case_page
