"""The Rapid Review pages: hard refusals shown in the error summary, drafts, configuration."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.cases.models import Stage
from cspr.organisations.models import PartnerKind
from cspr.rapidreview.context import rapid_review_context
from cspr.rapidreview.models import PanelConsideration, RapidReviewRecord
from tests.rapidreview.helpers import complete_record, meeting_with

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 11, 16, 12, 0, tzinfo=dt.UTC)):
        yield


def _client(world: Any, role: Role = Role.BUSINESS_MANAGER) -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


DECISION = {
    "decision": ["b"],
    "kloes": "Information sharing",
    "reasons": "Learning about working together",
    "decision_date-day": "13",
    "decision_date-month": "11",
    "decision_date-year": "2026",
}


def test_inquorate_decision_is_refused_on_the_page_and_kept(world):
    case = world.cases["own"]
    meeting_with(world, case, [PartnerKind.LOCAL_AUTHORITY, PartnerKind.POLICE])
    client = _client(world)
    url = reverse("rapidreview:decision", kwargs={"reference": case.reference})
    page = client.get(url).content.decode()
    assert "The meeting is not quorate. Not represented: Integrated Care Board." in page
    response = client.post(url, DECISION)
    assert response.status_code == 400
    body = response.content.decode()
    assert "No decision can be recorded at an inquorate meeting" in body
    assert "Learning about working together" in body
    case.refresh_from_db()
    assert case.stage == Stage.MEETING


def test_quorate_decision_then_ratify_through_the_pages(world):
    case = world.cases["own"]
    meeting_with(world, case, list(PartnerKind))
    complete_record(world, case)
    client = _client(world)
    response = client.post(reverse("rapidreview:decision", kwargs={"reference": case.reference}), DECISION)
    assert response.status_code == 302
    lead = _client(world, Role.PARTNER_LEAD)
    response = lead.post(
        reverse("rapidreview:ratify", kwargs={"reference": case.reference}),
        {
            "partner": "la",
            "executive_name": "Exec",
            "executive_role": "DCS",
            "date-day": "16",
            "date-month": "11",
            "date-year": "2026",
        },
    )
    assert response.status_code == 302
    overview = client.get(reverse("rapidreview:overview", kwargs={"reference": case.reference})).content.decode()
    assert "Exec, DCS" in overview
    assert "Waiting" in overview
    submit = client.post(
        reverse("rapidreview:submit", kwargs={"reference": case.reference}),
        {"method": "email", "date-day": "16", "date-month": "11", "date-year": "2026"},
    )
    assert submit.status_code == 400
    assert "Still to ratify: Integrated Care Board, Police" in submit.content.decode()


def test_discussion_draft_saves_panel_considerations(world):
    case = world.cases["own"]
    item = PanelConsideration.objects.create(partnership=world.home, question="Did Covid-19 affect services?")
    client = _client(world)
    url = reverse("rapidreview:record", kwargs={"reference": case.reference, "section": "discussion"})
    assert "Did Covid-19 affect services?" in client.get(url).content.decode()
    response = client.post(url, {"themes": "Neglect", f"panel_{item.pk}": "No impact", "version": "1"})
    assert response.status_code == 302
    record = RapidReviewRecord.objects.get(case=case)
    assert record.themes == "Neglect"
    assert record.panel_answers == {str(item.pk): "No impact"}
    ctx = rapid_review_context(case)
    assert ctx["panel_considerations"] == [{"question": "Did Covid-19 affect services?", "answer": "No impact"}]
    assert ctx["discussion"]["themes"] == "Neglect"


def test_criteria_none_of_the_above_is_exclusive(world):
    client = _client(world)
    url = reverse("rapidreview:record", kwargs={"reference": world.cases["own"].reference, "section": "criteria"})
    response = client.post(url, {"criteria": ["none", "recurrent"]})
    assert response.status_code == 400
    assert "None of the above" in response.content.decode()


def test_safeguarding_no_requires_actions_who_and_when(world):
    client = _client(world)
    url = reverse("rapidreview:record", kwargs={"reference": world.cases["own"].reference, "section": "safeguarding"})
    body = client.post(url, {"immediate_action_taken": "no"}).content.decode()
    assert "Enter who will take the actions" in body
    assert "Enter when the actions will be taken" in body


def test_panel_considerations_are_per_partnership(world):
    theirs = PanelConsideration.objects.create(partnership=world.away, question="Away question")
    client = _client(world)
    page = client.get(reverse("rapidreview:considerations")).content.decode()
    assert "Away question" not in page
    response = client.post(reverse("rapidreview:consideration_toggle", kwargs={"item_id": theirs.pk}))
    assert response.status_code == 404
    response = client.post(reverse("rapidreview:considerations"), {"question": "Covid-19?", "active": "on"})
    assert response.status_code == 302
    assert PanelConsideration.objects.filter(partnership=world.home, question="Covid-19?").exists()


def test_notify_helper_needs_answers(world):
    response = _client(world, Role.SCRUTINEER).post(reverse("rapidreview:notify"), {})
    assert response.status_code == 400
    assert "Select whether this is about a child or a care leaver" in response.content.decode()


def test_overview_query_budget(world, django_assert_max_num_queries):
    case = world.cases["own"]
    meeting_with(world, case, list(PartnerKind) * 3)
    client = _client(world)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("rapidreview:overview", kwargs={"reference": case.reference}))
    assert response.status_code == 200


def test_scrutineer_endorses_themselves_but_cannot_ratify(world):
    case = world.cases["own"]
    meeting_with(world, case, list(PartnerKind))
    complete_record(world, case)
    _client(world).post(reverse("rapidreview:decision", kwargs={"reference": case.reference}), DECISION)
    scrutineer = _client(world, Role.SCRUTINEER)
    url = reverse("rapidreview:endorse", kwargs={"reference": case.reference})
    assert 'value="Test Independent scrutineer"' in scrutineer.get(url).content.decode()
    response = scrutineer.post(
        url,
        {
            "name": "Test Scrutineer",
            "role": "Independent Scrutineer",
            "date-day": "16",
            "date-month": "11",
            "date-year": "2026",
        },
    )
    assert response.status_code == 302
    assert case.rr_endorsement.name == "Test Scrutineer"
    assert scrutineer.get(reverse("rapidreview:ratify", kwargs={"reference": case.reference})).status_code == 403
    assert _client(world, Role.AUDITOR).get(url).status_code == 403


def test_readers_see_the_record_on_the_overview(world):
    case = world.cases["own"]
    _client(world).post(
        reverse("rapidreview:record", kwargs={"reference": case.reference, "section": "summary"}),
        {"case_summary": "A readable summary", "version": "1"},
    )
    page = _client(world, Role.AUDITOR).get(reverse("rapidreview:overview", kwargs={"reference": case.reference}))
    assert "A readable summary" in page.content.decode()


def test_dashboard_lists_rapid_reviews_with_what_they_wait_on(world, django_assert_max_num_queries):
    client = _client(world)
    with django_assert_max_num_queries(40):
        page = client.get(reverse("ui:dashboard")).content.decode()
    assert "HOME-2026-001" in page
    assert "AWAY-2026-002" in page  # collaborating
    assert "AWAY-2026-001" not in page
    assert "Hold the meeting and record the decision" in page
    assert "HOME-2026-001" not in _client(world, Role.PARTNERSHIP_ADMIN).get(reverse("ui:dashboard")).content.decode()


def test_overview_checklist_prompts_for_overlapping_review_experts(world):
    from cspr.cases.models import ParallelProcess

    case = world.cases["own"]
    ParallelProcess.objects.create(case=case, kind="sar", contact="SAR chair")
    page = _client(world).get(reverse("rapidreview:overview", kwargs={"reference": case.reference})).content.decode()
    assert "Experts or commissioners for the Safeguarding Adult Review are invited" in page
    assert "Not yet" in page
