"""The case task list and the dashboard panel in Chromium: screenshots and axe-core."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from cspr.accounts.roles import Role
from tests.browser.harness import assert_accessible, screenshot, sign_in
from tests.world import World

# A Tuesday when the world's cases (referral Monday 2 November) have a mix of states.
NOW = dt.datetime(2026, 11, 17, 9, 30, tzinfo=dt.UTC)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_case_task_list_and_dashboard(page: Any, live_server: Any, world: World) -> None:
    case = world.cases["own"]
    case.scoping_sent_date = dt.date(2026, 11, 4)
    case.save()
    manager = world.user(Role.BUSINESS_MANAGER)
    with time_machine.travel(NOW, tick=True):
        sign_in(page, live_server, manager)

        page.goto(f"{live_server.url}/cases/{case.reference}/")
        task_list = page.locator("#deadline-task-list")
        assert task_list.is_visible()
        assert "Next deadline" in page.locator("#next-deadline").inner_text()
        assert "Met on 4 November 2026" in task_list.inner_text()
        assert "Overdue" in task_list.inner_text()
        screenshot(page, "deadlines-case-task-list")
        assert_accessible(page)

        page.goto(f"{live_server.url}/")
        table = page.locator("#deadline-dashboard")
        assert "HOME-2026-001" in table.inner_text()
        assert "AWAY-2026-002" in table.inner_text()
        screenshot(page, "deadlines-dashboard")
        assert_accessible(page)

        # Filters work without JavaScript-only controls: a plain GET form.
        page.select_option("#filter-responsible", "agencies")
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_load_state("domcontentloaded")
        assert "responsible=agencies" in page.url
        assert "Agencies return the scoping templates" in page.locator("#deadline-dashboard").inner_text()
        assert "Hold the Rapid Review meeting" not in page.locator("#deadline-dashboard").inner_text()

        page.goto(f"{live_server.url}/deadlines/calculator/")
        for prefix, day in (
            ("aware", dt.date(2026, 11, 2)),
            ("referral", dt.date(2026, 11, 3)),
            ("meeting", dt.date(2026, 11, 1)),
        ):
            page.fill(f"#id_{prefix}-day", str(day.day))
            page.fill(f"#id_{prefix}-month", str(day.month))
            page.fill(f"#id_{prefix}-year", str(day.year))
        page.get_by_role("button", name="Calculate dates").click()
        page.wait_for_load_state("domcontentloaded")
        assert page.title().startswith("Error: ")
        assert (
            "The date of the meeting must be the same as or after the referral"
            in page.locator(".govuk-error-summary").inner_text()
        )
        screenshot(page, "deadlines-calculator-error")
        assert_accessible(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_extension_form_and_closure_days(page: Any, live_server: Any, world: World) -> None:
    manager = world.user(Role.BUSINESS_MANAGER)
    with time_machine.travel(NOW, tick=True):
        sign_in(page, live_server, manager)
        page.goto(f"{live_server.url}/cases/HOME-2026-001/")
        page.get_by_role("link", name="Hold the Rapid Review meeting (extend or pause)").click()
        page.wait_for_load_state("domcontentloaded")
        page.get_by_label("Extension (a new due date was agreed)").check()
        page.fill("#id_new_due-day", "26")
        page.fill("#id_new_due-month", "11")
        page.fill("#id_new_due-year", "2026")
        page.fill("#id_reason", "Police asked for time to interview witnesses")
        page.fill("#id_agreed_by", "The three safeguarding partners")
        assert_accessible(page)
        screenshot(page, "deadlines-extension-form")
        page.get_by_role("button", name="Record the change").click()
        page.wait_for_load_state("domcontentloaded")
        assert "Originally due 19 November 2026" in page.locator("#deadline-task-list").inner_text()

        page.goto(f"{live_server.url}/deadlines/closure-days/")
        page.fill("#id_date-day", "26")
        page.fill("#id_date-month", "12")
        page.fill("#id_date-year", "2026")
        page.fill("#id_reason", "Office closed")
        page.get_by_role("button", name="Add closure day").click()
        page.wait_for_load_state("domcontentloaded")
        assert "The closure day must be a weekday" in page.locator(".govuk-error-summary").inner_text()
        screenshot(page, "deadlines-closure-days-error")
        assert_accessible(page)
