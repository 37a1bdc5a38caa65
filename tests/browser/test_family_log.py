"""A review team member keeps the family log in Chromium, with axe-core on every page: the LCSPR task
list → the family network → one person → an invitation refused without its strong reason (the GOV.UK
error summary), then a coordinator named → a contact, a view and an interpreter offered. The business
manager sees the counts on the task list and no way in.

Dates are today's (the sign-in's one-time code needs the real clock, so it is not pinned here).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cspr.accounts.roles import Role
from cspr.family.models import Contact, Invitation, SupportOffer, ViewExpressed
from tests.browser.harness import assert_accessible, open_context, sign_in
from tests.family.helpers import lcspr_family

pytestmark = pytest.mark.browser


def _date(page: Any, name: str, day: dt.date) -> None:
    page.fill(f"input[name='{name}-day']", str(day.day))
    page.fill(f"input[name='{name}-month']", str(day.month))
    page.fill(f"input[name='{name}-year']", str(day.year))


def _submit(page: Any) -> None:
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.locator("main form button.govuk-button").last.click()


def test_family_log_journey(transactional_db: None, world: Any, live_server: Any, page: Any, browser: Any) -> None:
    f = lcspr_family(world)
    team = world.user(Role.REVIEW_TEAM_MEMBER)
    today = dt.date.today()
    sign_in(page, live_server, team)
    page.goto(f"{live_server.url}/lcspr/{f.case.reference}/")
    assert_accessible(page)
    page.get_by_role("link", name="Family network, invitations and coordinator").click()
    assert_accessible(page)
    page.get_by_role("link", name=str(f.father)).click()
    assert_accessible(page)
    page.get_by_role("link", name="Change the invitation or coordinator").click()
    page.check("input[name=invite][value=no]")
    _submit(page)
    assert "Give the strong reason for not inviting this person" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error:")
    assert_accessible(page)
    page.check("input[name=invite][value=yes]")
    page.select_option("select[name=coordinator]", str(team.pk))
    page.fill("input[name=coordinator_phone]", "0121 496 0222")
    _submit(page)
    assert Invitation.objects.get(person=f.father).coordinator == team
    page.get_by_role("link", name="Record a contact or meeting").click()
    assert_accessible(page)
    page.check("input[name=kind][value=attempt]")
    _date(page, "on", today)
    page.check("input[name=method][value=phone]")
    page.check("input[name=outcome][value=spoke]")
    _submit(page)
    page.get_by_role("link", name="Record a view expressed").click()
    _date(page, "on", today)
    page.fill("textarea[name=summary]", "He wanted someone to explain the plan (fictional).")
    _submit(page)
    page.get_by_role("link", name="Record support offered").click()
    page.check("input[name=kind][value=interpreter]")
    page.fill("input[name=language]", "Punjabi")
    _date(page, "offered_on", today)
    _submit(page)
    assert_accessible(page)
    text = page.locator("main").inner_text()
    assert "Spoke with them" in text
    assert "He wanted someone to explain the plan" in text
    assert "Interpreter (Punjabi)" in text
    assert (Contact.objects.count(), ViewExpressed.objects.count(), SupportOffer.objects.count()) == (1, 1, 1)

    manager_context = open_context(browser)
    manager_page = manager_context.new_page()
    sign_in(manager_page, live_server, world.user(Role.BUSINESS_MANAGER))
    manager_page.goto(f"{live_server.url}/lcspr/{f.case.reference}/")
    assert_accessible(manager_page)
    main = manager_page.locator("main").inner_text()
    assert "1 contacted" in main
    assert str(f.father) not in main
    assert manager_page.locator(f"a[href^='/family/{f.case.reference}']").count() == 0
    response = manager_page.goto(f"{live_server.url}/family/{f.case.reference}/")
    assert response is not None
    assert response.status == 404
    manager_context.close()
