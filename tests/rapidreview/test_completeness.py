"""Completeness before the decision: Document 4 sections 1 and 2 hold every required part.

Before this, sections 2.1 to 2.3 could be empty when the decision was recorded.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.cases.models import Stage
from cspr.organisations.models import PartnerKind
from cspr.rapidreview import actions, completeness
from cspr.rapidreview.models import PanelConsideration, RapidReviewRecord
from tests.rapidreview.helpers import complete_record, meeting_with
from tests.world import World

pytestmark = pytest.mark.django_db

DECISION = {
    "decision": ["b"],
    "kloes": "Information sharing",
    "reasons": "Learning about working together",
    "decision_date-day": "13",
    "decision_date-month": "11",
    "decision_date-year": "2026",
}


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 11, 16, 12, 0, tzinfo=dt.UTC)):
        yield


def _decide(world: World, case: object) -> None:
    actions.record_decision(
        case,  # type: ignore[arg-type]
        expected_version=None,
        decision=["b"],
        other_review="",
        kloes="Information sharing",
        reasons="Learning",
        decision_date=dt.date(2026, 11, 13),
        acting_user=world.user(Role.BUSINESS_MANAGER),
    )


def test_a_quorate_decision_with_empty_sections_is_refused(world: World) -> None:
    case = world.cases["own"]
    meeting_with(world, case, list(PartnerKind))
    with pytest.raises(ValidationError, match="Complete Document 4 before recording the decision"):
        _decide(world, case)
    # Sections 2.1-2.3 left empty, section 1 filled: still refused, naming the sections.
    actions.save_record(
        case,
        expected_version=None,
        values={"case_summary": "Summary", "documentation_available": "Docs"},
        acting_user=world.user(Role.BUSINESS_MANAGER),
    )
    with pytest.raises(ValidationError) as refused:
        _decide(world, case)
    text = " ".join(refused.value.messages)
    assert "2.1 Immediate safeguarding arrangements" in text
    assert "2.2 Identifying improvements" in text
    assert "2.3 Rapid Review discussions" in text
    assert "Section 1" not in text
    case.refresh_from_db()
    assert case.stage == Stage.MEETING
    assert case.decision_date is None
    complete_record(world, case)
    _decide(world, case)
    case.refresh_from_db()
    assert case.stage == Stage.RATIFICATION


def test_each_required_part_on_its_own_blocks_the_decision(world: World) -> None:
    case = world.cases["own"]
    meeting_with(world, case, list(PartnerKind))
    complete_record(world, case)
    record = RapidReviewRecord.objects.get(case=case)
    assert completeness.missing_parts(case, record) == []
    empties: list[tuple[str, object]] = [
        ("immediate_actions", ""),
        ("immediate_action_taken", None),
        ("criteria", []),
        ("time_period", ""),
        ("lived_experience", " "),
        ("considerations", ""),
        ("discussion", ""),
        ("conclusion", ""),
        ("immediate_learning", ""),
        ("legal_advice_sought", None),
    ]
    for name, empty in empties:
        original = getattr(record, name)
        setattr(record, name, empty)
        assert len(completeness.missing_parts(case, record)) == 1, name
        setattr(record, name, original)
    # "No" to immediate action needs by whom and by when; "yes" to legal advice needs the details.
    record.immediate_action_taken = False
    assert {m.part for m in completeness.missing_parts(case, record)} == {
        "By whom the actions will be taken",
        "When the actions will be taken",
    }
    record.immediate_action_taken = True
    record.legal_advice_sought = True
    assert [m.part for m in completeness.missing_parts(case, record)] == ["Details of the legal advice"]
    # The partnership's own National Panel questions need an answer.
    record.legal_advice_sought = False
    item = PanelConsideration.objects.create(partnership=world.home, question="Did Covid-19 affect services?")
    assert [m.part for m in completeness.missing_parts(case, record)] == [
        "The National Panel's question: Did Covid-19 affect services?"
    ]
    record.panel_answers = {str(item.pk): "No"}
    assert completeness.missing_parts(case, record) == []


def test_the_decision_page_lists_what_is_missing_with_change_links(world: World) -> None:
    case = world.cases["own"]
    meeting_with(world, case, list(PartnerKind))
    client = Client()
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    url = reverse("rapidreview:decision", kwargs={"reference": case.reference})
    page = client.get(url).content.decode()
    assert "Document 4 is not complete" in page
    listing = page[page.index('id="missing-parts"') :]
    for section in ("summary", "safeguarding", "criteria", "discussion"):
        change = reverse("rapidreview:record", kwargs={"reference": case.reference, "section": section})
        assert f'href="{change}"' in listing
    assert "Rapid Review conclusion: <strong>missing</strong>" in listing
    response = client.post(url, DECISION)
    assert response.status_code == 400
    assert "Complete Document 4 before recording the decision" in response.content.decode()
    assert "Learning about working together" in response.content.decode()  # what was typed is kept
    complete_record(world, case)
    page = client.get(url).content.decode()
    assert "Document 4 is not complete" not in page
    assert "hold every required part" in page
    assert client.post(url, DECISION).status_code == 302
