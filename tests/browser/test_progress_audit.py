"""The quarterly audit of progress in Chromium, with axe-core and the content security policy checked
on every page: the business manager generates the progress report of the open actions, looks at it
as a PDF (the browser's own request: content type and text), and records the CSPR group's review;
then a review's dissemination plan and 7-minute briefing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cspr.accounts.roles import Role
from cspr.actionplans.models import Action, Rag, Source
from cspr.cases.models import Case
from cspr.dissemination.models import Activity, Briefing, ProgressReport
from tests.browser.harness import assert_accessible, sign_in
from tests.dissemination.helpers import pdf_text

pytestmark = pytest.mark.browser


def _date(page: Any, name: str, day: dt.date) -> None:
    page.fill(f"input[name='{name}-day']", str(day.day))
    page.fill(f"input[name='{name}-month']", str(day.month))
    page.fill(f"input[name='{name}-year']", str(day.year))


def _submit(page: Any) -> None:
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.locator("main form button.govuk-button").last.click()


def test_the_quarterly_progress_report_is_generated_looked_at_as_a_pdf_and_reviewed(
    transactional_db: None, world: Any, live_server: Any, page: Any
) -> None:
    today = dt.date.today()
    case = world.cases["own"]
    Case.objects.filter(pk=case.pk).update(
        meeting_date=today - dt.timedelta(days=60), decision_date=today - dt.timedelta(days=60)
    )
    manager = world.user(Role.BUSINESS_MANAGER)
    Action.objects.create(
        case=case,
        number=1,
        source=Source.IMMEDIATE_LEARNING,
        source_text="Immediate learning (fictional)",
        agreed_action="Flag new adults in the household at registration (fictional)",
        responsible_person="Practice Safeguarding Lead (fictional)",
        responsible_organisation="Home Test GP",
        due_date=today - dt.timedelta(days=10),
        rag=Rag.RED,
        created_by=manager,
    )
    sign_in(page, live_server, manager)

    page.goto(f"{live_server.url}/")
    assert "Audit of progress" in page.content()
    page.click("a[href='/dissemination/progress/']")
    assert_accessible(page)
    _submit(page)  # "Generate a progress report"
    report = ProgressReport.objects.get(partnership=world.home)
    assert page.url.endswith(f"/dissemination/progress/{report.pk}/")
    assert_accessible(page)
    content = page.content()
    assert "Flag new adults in the household at registration (fictional)" in content
    assert "1 open action across 1 review; 1 overdue" in content

    # The PDF, fetched by the browser with its own session: a PDF that opens, with the report in it.
    href = page.get_attribute("#pdf-link", "href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("attachment;")  # every non-HTML file (ASVS V3.2)
    text = pdf_text(response.body())
    assert "Audit of progress of the action plans" in text
    assert "Flag new adults in the household at registration (fictional)" in text
    assert "Not yet reviewed" in text

    page.click("text=Record the CSPR group's review")
    assert_accessible(page)
    page.fill("input[name='reviewed_on-day']", "")
    _submit(page)  # incomplete: the error summary, what was typed kept
    assert "There is a problem" in page.content()
    assert_accessible(page)
    _date(page, "reviewed_on", today)
    page.fill("input[name=reviewed_by]", "Test CSPR group at its quarterly meeting")
    page.fill("textarea[name=conclusions]", "The GP action is overdue: the ICB lead to follow it up (fictional).")
    _submit(page)
    report.refresh_from_db()
    assert report.reviewed_on == today
    assert report.next_review_date is not None
    assert report.next_review_date > today
    assert_accessible(page)
    assert "The GP action is overdue" in page.content()
    reviewed = pdf_text(page.request.get(f"{live_server.url}{href}").body())
    assert "The GP action is overdue" in reviewed
    page.goto(f"{live_server.url}/dissemination/progress/")
    assert_accessible(page)
    assert f"{report.next_review_date:%-d %B %Y}" in page.content()

    # A review's dissemination plan and its 7-minute briefing.
    page.goto(f"{live_server.url}/dissemination/case/{case.reference}/")
    assert_accessible(page)
    page.click("text=Add a briefing or learning event")
    assert_accessible(page)
    page.check("input[name=kind][value=briefing]")
    page.fill("input[name=title]", "7-minute briefing for GP practices")
    page.fill("textarea[name=audience]", "GPs and practice nurses")
    _date(page, "planned_on", today)
    _date(page, "held_on", today)
    _submit(page)
    activity = Activity.objects.get(case=case)
    assert activity.held_on == today
    page.click("text=Record attendance")
    assert_accessible(page)
    page.fill("input[name=organisation]", "Home Test GP")
    page.fill("input[name=role]", "GPs")
    page.fill("input[name=number]", "7")
    _submit(page)
    assert "7 attended" in page.content()
    assert_accessible(page)
    page.click("text=Write the 7-minute briefing")
    assert_accessible(page)
    page.fill("input[name=title]", "Seeing the child (fictional)")
    for name in ("background", "why_it_matters", "questions", "what_to_do"):
        page.fill(f"textarea[name={name}]", f"Fictional {name}")
    _submit(page)
    assert Briefing.objects.filter(case=case).exists()
    assert_accessible(page)
