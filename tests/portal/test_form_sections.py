"""The agency's scoping form (Document 2) in the toolkit's sections: a task list numbered as the
toolkit numbers it, only the questions that apply, drafts saved per section, and a check page that
says what is missing, with links, before the agency presses submit."""

from __future__ import annotations

import datetime as dt
import io
import re
from html import unescape

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from docx import Document

from cspr.portal import actions, word_return
from cspr.portal.models import InformationRequest, LearningAction
from tests.portal.conftest import NOW
from tests.world import World


def _lead(world: World) -> Client:
    client = Client()
    client.force_login(world.agency_users["own"])
    return client


def _save(client: Client, request: InformationRequest, section: str, data: dict[str, str]) -> None:
    version = InformationRequest.objects.get(pk=request.pk).version
    response = client.post(
        reverse("portal:answer_section", args=[request.pk, section]), {"version": str(version), "save": "1", **data}
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.django_db
def test_the_task_list_follows_the_toolkits_sections_and_numbering(world: World, sent: InformationRequest) -> None:
    with time_machine.travel(NOW):
        page = _text(_lead(world).get(reverse("portal:answer", args=[sent.pk])).content.decode())
    titles = [
        "Contact details of the individual or agency completing this form",
        "Background information",
        "Section 1: Composition of the child’s family",
        "Section 2: Agency information and involvement",
        "1. Summary of involvement",
        "2. Family details held by your agency",
        "3. Analysis of practice",
        "4. Concerns about working together",
        "5. Learning and action taken",
        "6. Other agencies",
        "7. Further information",
        "Section 3: Advice and submission of this form",
        "Check your answers and submit",
    ]
    positions = [page.index(title) for title in titles]
    assert positions == sorted(positions)
    for number in range(1, 8):  # each of Section 2's questions once, no second 5
        assert len(re.findall(rf"(?<![\d.]){number}\. [A-Z]", page)) == 1, number


@pytest.mark.django_db
def test_employment_status_is_asked_of_adults_only(world: World, sent: InformationRequest) -> None:
    child = sent.case.people.get(role="subject")  # born 2018: eight years old
    mother = sent.case.people.get(role="family")
    with time_machine.travel(NOW):
        page = _lead(world).get(reverse("portal:answer_section", args=[sent.pk, "family"])).content.decode()
    assert f'name="p{mother.pk}_employment"' in page
    assert f'name="p{child.pk}_employment"' not in page
    assert f'name="p{child.pk}_language"' in page
    # The Word form says so too, and its reader takes no employment status for the child.
    doc = Document(io.BytesIO(word_return.build_template(sent)))
    table = next(t for t in doc.tables if t.cell(0, 0).text == "Ref")
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in table.rows[1:]}
    assert rows[f"P{child.pk}"][-1] == "Not applicable"
    for row in table.rows[1:]:
        row.cells[-1].text = "Full-time work"
    buffer = io.BytesIO()
    doc.save(buffer)
    read = word_return.read_return(buffer.getvalue(), sent)
    assert "employment" not in read.answers["family"][str(child.pk)]
    assert read.answers["family"][str(mother.pk)]["employment"] == "Full-time work"


@pytest.mark.django_db
def test_drafts_are_saved_per_section_without_losing_the_others(world: World, sent: InformationRequest) -> None:
    client = _lead(world)
    with time_machine.travel(NOW):
        _save(client, sent, "contact", {"contact_name": "Test Lead"})
        _save(
            client,
            sent,
            "learning",
            {
                "tracker_rows": "3",
                "learning": "See the tracker.",
                "a1_learning_point": "Share attendance concerns sooner",
                "a1_action": "Update the policy",
            },
        )
        _save(client, sent, "involvement", {"summary_of_involvement": "Attended from 2022."})
        tasks = _text(client.get(reverse("portal:answer", args=[sent.pk])).content.decode())
    request = InformationRequest.objects.get(pk=sent.pk)
    assert request.answers["contact_name"] == "Test Lead"
    assert request.answers["learning"] == "See the tracker."
    assert request.answers["summary_of_involvement"] == "Attended from 2022."
    assert list(LearningAction.objects.filter(request=request).values_list("learning_point", flat=True)) == [
        "Share attendance concerns sooner"
    ]
    # Contact details still miss two answers; question 1 is complete; question 3 was never opened.
    assert re.search(r"Contact details .*?Incomplete", tasks)
    assert re.search(r"1\. Summary of involvement .*?Completed", tasks)
    assert re.search(r"3\. Analysis of practice .*?Not yet started", tasks)


@pytest.mark.django_db
def test_the_check_page_lists_what_is_missing_with_links_before_submit(world: World, sent: InformationRequest) -> None:
    client = _lead(world)
    with time_machine.travel(NOW):
        LearningAction.objects.create(request=sent, number=1, learning_point="A fictional point")
        page = client.get(reverse("portal:check", args=[sent.pk])).content.decode()
    missing = page[page.index("You cannot submit yet") : page.index("</ul>", page.index("You cannot submit yet"))]
    contact = reverse("portal:answer_section", args=[sent.pk, "contact"])
    involvement = reverse("portal:answer_section", args=[sent.pk, "involvement"])
    learning = reverse("portal:answer_section", args=[sent.pk, "learning"])
    assert f'<a class="govuk-link" href="{contact}">Enter name</a>' in missing
    assert f'<a class="govuk-link" href="{involvement}">Enter 1. summary of involvement</a>' in missing
    assert f'<a class="govuk-link" href="{learning}">Enter the action required for learning point 1</a>' in missing
    # Every answer has its change link, including the ones not answered yet.
    assert page.count(">Change<") >= 12
    assert not re.search(r"\d{4}-\d{2}-\d{2}", page)  # dates as "3 November 2026", never ISO


@pytest.mark.django_db
def test_the_check_page_is_clear_once_everything_is_answered(world: World, sent: InformationRequest) -> None:
    lead = world.agency_users["own"]
    answers = {
        "contact_name": "Test Lead",
        "contact_designation": "DSL",
        "contact_details": "school@test.invalid",
        "date_completed": "2026-11-04",
        "summary_of_involvement": "Attended from 2022.",
    }
    tracker = [actions.TrackerRow("Point", "Action", "DSL", dt.date(2026, 12, 1))]
    actions.save_draft(sent, answers, tracker, acting_user=lead)
    with time_machine.travel(NOW):
        page = _lead(world).get(reverse("portal:check", args=[sent.pk])).content.decode()
    assert "You cannot submit yet" not in page
    assert "4 November 2026" in page
    assert "Target date for completion: 1 December 2026" in page


@pytest.mark.django_db
def test_another_learning_point_row_keeps_what_was_typed(world: World, sent: InformationRequest) -> None:
    client = _lead(world)
    url = reverse("portal:answer_section", args=[sent.pk, "learning"])
    with time_machine.travel(NOW):
        first = client.get(url).content.decode()
        assert 'name="a1_learning_point"' in first
        assert 'name="a2_learning_point"' not in first  # one empty row to start with
        added = client.post(
            url, {"version": "1", "tracker_rows": "1", "a1_learning_point": "Typed first", "add_row": "1"}
        )
        assert added["Location"] == f"{url}?rows=2#tracker"
        page = client.get(f"{url}?rows=2").content.decode()
    assert "Typed first" in page
    assert 'name="a2_learning_point"' in page
    assert 'name="a3_learning_point"' not in page
