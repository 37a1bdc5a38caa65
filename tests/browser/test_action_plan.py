"""The action plan in Chromium, with axe-core on every page: the business manager cannot close an
action without evidence (the GOV.UK error summary) and asks the owning agency for an update; the
agency's lead answers it in the portal with a RAG rating and an evidence file; the business manager
accepts the return and sees the RAG change and the evidence on the action, then closes it.

Dates are today's (the sign-in's one-time code needs the real clock, so it is not pinned here).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cspr.accounts.roles import Role
from cspr.actionplans.models import Action, Rag, Status
from cspr.portal.models import InformationRequest, RequestType
from tests.actionplans.helpers import add_action, plan_case
from tests.browser.harness import assert_accessible, open_context, sign_in
from tests.portal.corpus import plain_docx

pytestmark = pytest.mark.browser


def _date(page: Any, name: str, day: dt.date) -> None:
    page.fill(f"input[name='{name}-day']", str(day.day))
    page.fill(f"input[name='{name}-month']", str(day.month))
    page.fill(f"input[name='{name}-year']", str(day.year))


def _press(page: Any, text: str) -> None:
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.get_by_role("button", name=text).first.click()


def test_action_plan_journey(transactional_db: None, world: Any, live_server: Any, page: Any, browser: Any) -> None:
    case = plan_case(world)
    action = add_action(world, case)
    today = dt.date.today()
    manager = world.user(Role.BUSINESS_MANAGER)
    sign_in(page, live_server, manager)
    page.goto(f"{live_server.url}/action-plans/case/{case.reference}/")
    assert_accessible(page)
    page.get_by_role("link", name="Action 1").click()
    assert_accessible(page)
    # No evidence of impact yet: closing is refused with the GOV.UK error summary.
    page.get_by_role("link", name="Close the action").click()
    page.fill("input[name=accepted_by]", "CSPR group (fictional)")
    _press(page, "Save")
    assert "without evidence of its impact" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error:")
    assert_accessible(page)
    assert Action.objects.get(pk=action.pk).status == Status.OPEN
    page.goto(f"{live_server.url}/action-plans/case/{case.reference}/1/ask/")
    assert_accessible(page)
    _date(page, "due_date", today + dt.timedelta(days=14))
    _press(page, "Save")
    request = InformationRequest.objects.get(request_type=RequestType.ACTION_UPDATE)

    # The school's lead answers in the agency portal, with an evidence file.
    lead_context = open_context(browser)
    lead = lead_context.new_page()
    sign_in(lead, live_server, world.agency_users["own"])
    lead.goto(f"{live_server.url}/portal/requests/{request.pk}/")
    assert_accessible(lead)
    lead.goto(f"{live_server.url}/portal/requests/{request.pk}/answer/progress/")
    assert "Introduce a voice-of-the-child prompt" in lead.inner_text("main")
    assert_accessible(lead)
    lead.fill("textarea[name=progress]", "Prompt live in every class (fictional).")
    lead.check("input[name=rag][value=A]")
    lead.fill("textarea[name=evidence_of_impact]", "Audit: 18 of 20 records carry the child's words (fictional).")
    _press(lead, "Save and continue")
    lead.goto(f"{live_server.url}/portal/requests/{request.pk}/upload/")
    assert_accessible(lead)
    kind = lead.locator("input[name=kind][value=attachment]")
    if kind.count():
        kind.check()
    lead.set_input_files(
        "input[type=file]",
        files=[
            {
                "name": "audit-summary.docx",
                "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "buffer": plain_docx(),
            }
        ],
    )
    _press(lead, "Upload file")
    lead.goto(f"{live_server.url}/portal/requests/{request.pk}/check/")
    assert_accessible(lead)
    # A progress update is not asked rule 24's records secured: the button alone.
    assert lead.locator("input[name=records_secured_by]").count() == 0
    _press(lead, "Submit your return")
    assert "Your return has been sent" in lead.inner_text("main")
    # Another agency's request is not there for this lead.
    other = InformationRequest.objects.create(
        case=case, agency=world.agencies["other"], request_type=RequestType.ACTION_UPDATE, state="sent"
    )
    assert lead.goto(f"{live_server.url}/portal/requests/{other.pk}/").status == 404
    lead_context.close()

    # The business manager accepts the return: the RAG changes and the evidence is on the action.
    page.goto(f"{live_server.url}/portal/case/{case.reference}/requests/{request.pk}/review/")
    assert_accessible(page)
    page.get_by_label("Accept the return").check()
    _press(page, "Save decision")
    page.goto(f"{live_server.url}/action-plans/case/{case.reference}/1/")
    assert_accessible(page)
    state = page.locator("#action-state").inner_text()
    assert "Amber" in state
    evidence = page.locator("#evidence").inner_text()
    assert "18 of 20 records" in evidence
    assert "audit-summary.docx" in evidence
    assert Action.objects.get(pk=action.pk).rag == Rag.AMBER
    # With evidence recorded, the action closes, naming who accepted it.
    page.get_by_role("link", name="Close the action").click()
    page.fill("input[name=accepted_by]", "CSPR group (fictional)")
    _press(page, "Save")
    assert Action.objects.get(pk=action.pk).status == Status.CLOSED
    assert_accessible(page)
    page.goto(f"{live_server.url}/action-plans/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/")
    assert_accessible(page)
