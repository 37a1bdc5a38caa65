"""Regulation 14 monitoring and review team meetings in Chromium, with axe-core and the content
security policy checked on every page: a progress check (refused, then recorded), a pause, a meeting
scheduled, its held record refused until the standing items are minuted, then recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.oversight.models import ClockPause, ProgressCheck
from cspr.reviewmeetings.models import ReviewMeeting
from tests.browser.harness import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _date(page: Any, name: str, day: dt.date) -> None:
    page.fill(f"input[name='{name}-day']", str(day.day))
    page.fill(f"input[name='{name}-month']", str(day.month))
    page.fill(f"input[name='{name}-year']", str(day.year))


def _submit(page: Any) -> None:
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.locator("main form button.govuk-button").last.click()


def test_oversight_and_meeting_pages(transactional_db: None, world: Any, live_server: Any, page: Any) -> None:
    today = dt.date.today()
    case = world.cases["own"]
    decided = today - dt.timedelta(days=40)
    Case.objects.filter(pk=case.pk).update(
        decision_date=decided, ratified_date=decided, lcspr_commissioned_date=decided
    )
    ref = case.reference
    sign_in(page, live_server, world.user(Role.BUSINESS_MANAGER))

    page.goto(f"{live_server.url}/lcspr/{ref}/")
    assert_accessible(page)
    assert "Regulation 14 monitoring" in page.content()
    page.goto(f"{live_server.url}/oversight/{ref}/checks/add/")
    assert_accessible(page)
    _submit(page)  # nothing entered: the error summary
    assert "There is a problem" in page.content()
    assert_accessible(page)
    _date(page, "checked_on", today)
    page.fill("input[name=checked_by]", "Test CSPR group chair")
    page.check("input[name=timeliness][value=at_risk]")
    page.fill("textarea[name=time_taken]", "Chronologies late from two agencies.")
    page.check("input[name=quality][value=adequate]")
    page.fill("textarea[name=quality_notes]", "Returns of mixed quality.")
    page.fill("textarea[name=conclusion]", "At risk; revised timeline asked for.")
    _date(page, "forecast_completion", today + dt.timedelta(days=300))
    _submit(page)
    assert ProgressCheck.objects.filter(case=case).count() == 1
    page.goto(f"{live_server.url}/oversight/{ref}/pauses/add/")
    assert_accessible(page)
    page.check("input[name=reason_kind][value=police]")
    page.fill("textarea[name=reason]", "Police asked to wait before involving the mother's partner.")
    page.fill("input[name=agreed_by]", "CSPR group chair and the SIO")
    _date(page, "started_on", today - dt.timedelta(days=5))
    _submit(page)
    assert ClockPause.objects.filter(case=case).count() == 1
    page.goto(f"{live_server.url}/oversight/{ref}/")
    assert_accessible(page)
    assert "discuss the potential delay with the National Panel" in page.content()
    page.goto(f"{live_server.url}/oversight/{ref}/panel-discussion/")
    assert_accessible(page)

    page.goto(f"{live_server.url}/review-meetings/{ref}/add/")
    assert_accessible(page)
    _date(page, "date", today)
    page.check("input[name=virtual][value=yes]")
    page.fill("input[name=place]", "Microsoft Teams")
    _submit(page)
    meeting = ReviewMeeting.objects.get(case=case)
    base = f"{live_server.url}/review-meetings/{ref}/{meeting.pk}"
    assert_accessible(page)
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.get_by_role("button", name="Invite the review team").click()
    page.goto(f"{base}/held/")
    assert_accessible(page)
    _date(page, "held_on", today)
    _submit(page)
    assert "Minute the family engagement item" in page.content()
    assert_accessible(page)
    for item in meeting.items.all():
        page.goto(f"{base}/items/{item.pk}/minutes/")
        assert_accessible(page)
        page.fill("textarea[name=minutes]", "Discussed.")
        if page.locator("input[name=action_needed]").count():
            page.check("input[name=action_needed][value=no]")
        _submit(page)
    page.goto(f"{base}/attendees/add/")
    assert_accessible(page)
    page.fill("input[name=name]", "Test Designated Nurse")
    page.check("input[name=attendance][value=present]")
    _submit(page)
    page.goto(f"{base}/held/")
    _date(page, "held_on", today)
    _submit(page)
    meeting.refresh_from_db()
    assert meeting.held_on == today
    page.goto(f"{base}/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/review-meetings/{ref}/")
    assert_accessible(page)
