"""The case page in Chromium: what to do next first, rule references folded away, downloads grouped
by stage; axe-clean under the real content security policy. Screenshots go to var/screenshots/."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from cspr.accounts.models import User
from tests.browser.harness import assert_accessible, screenshot, sign_in

# A Sunday evening in the demo world's autumn: deadlines due, met and overdue on different cases.
NOW = dt.datetime(2026, 11, 29, 18, 0, tzinfo=dt.UTC)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_case_page_leads_with_what_to_do_next(page: Any, live_server: Any) -> None:
    with time_machine.travel(NOW, tick=True):
        call_command("seed_demo")
        manager = User.objects.get(email="manager@demo.cspr.invalid")
        manager.set_password("a-long-test-password-1")
        manager.save()
        sign_in(page, live_server, manager)
        heights = {}
        for reference in ("DEMO-1", "DEMO-2", "DEMO-3", "DEMO-4", "DEMO-5"):
            page.goto(f"{live_server.url}/cases/{reference}/")
            assert page.locator("h1").inner_text() == f"Case {reference}"
            heights[reference] = page.evaluate("document.documentElement.scrollHeight")
            # What to do next comes first: the first section is the task list with the next deadline.
            assert page.locator("main h2").first.inner_text() == "What to do next"
            assert page.locator("#next-deadline").is_visible()
            assert page.locator("#deadline-task-list").is_visible()
            screenshot(page, f"case-page-{reference}")
            # Rule references are one click away, not on every row.
            assert "toolkit §" not in page.locator("#deadline-task-list").inner_text()
            assert not page.locator("#deadline-rules .govuk-details__text").is_visible()
            page.locator("#deadline-rules summary").click()
            assert "toolkit §" in page.locator("#deadline-rules .govuk-details__text").inner_text()
            # Downloads are grouped by stage under one line each, the pack button in view.
            assert page.locator("details[id^=documents-]").count() >= 1
            assert (
                page.get_by_role("button", name="Download Word").count() == 0
                or not page.get_by_role("button", name="Download Word").first.is_visible()
            )
            assert_accessible(page)
        print("\ncase page heights (px):", heights)
        # 8,031 to 8,703 px before (issue 11: "6,800 px tall"); the rows, people and documents are
        # still all there, one click away.
        assert max(heights.values()) < 6_500, heights
