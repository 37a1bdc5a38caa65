"""The business manager adds a recommendation in Chromium (refused first without who, what, measure and
when: the GOV.UK error summary), then each safeguarding partner's own lead endorses it for their
partner; only after the third does it show as endorsed and enter the report. axe-core on every page.

Dates are today's (the sign-in's one-time code needs the real clock, so it is not pinned here).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.learning import queries
from cspr.learning.models import Recommendation
from cspr.organisations.models import PartnerKind
from tests.browser.harness import assert_accessible, open_context, sign_in
from tests.learning.helpers import add_point, commissioned
from tests.world import World, make_user

pytestmark = pytest.mark.browser


def _submit(page: Any) -> None:
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.locator("main form button.govuk-button").last.click()


def _lead(world: World, kind: PartnerKind) -> User:
    if kind is PartnerKind.LOCAL_AUTHORITY:
        return world.user(Role.PARTNER_LEAD)
    user = make_user(f"{kind.value}.browser@test.invalid", Role.PARTNER_LEAD, partnership=world.home)
    user.statutory_partner = world.home.statutory_partners.get(kind=kind)
    user.full_name = f"Test {kind.label} Lead"
    user.save(update_fields=["statutory_partner", "full_name"])
    return user


def test_recommendation_added_and_endorsed_by_the_three_partners(
    transactional_db: None, world: World, live_server: Any, page: Any, browser: Any
) -> None:
    case = commissioned(world)
    manager = world.user(Role.BUSINESS_MANAGER)
    add_point(case, manager)
    leads = [_lead(world, kind) for kind in PartnerKind]
    due = dt.date.today() + dt.timedelta(days=180)
    sign_in(page, live_server, manager)
    page.goto(f"{live_server.url}/lcspr/{case.reference}/")
    assert_accessible(page)
    page.get_by_role("link", name="Recommendations").click()
    assert_accessible(page)
    page.get_by_role("link", name="Add a recommendation").click()
    assert_accessible(page)
    _submit(page)
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter how its effect will be measured" in summary
    assert page.title().startswith("Error:")
    assert_accessible(page)
    page.fill("input[name=addressee]", "Demo Council children's services")
    page.check("input[name=scope][value=local]")
    page.fill("textarea[name=expected_change]", "Supervision records the second question.")
    page.fill("textarea[name=measure]", "Audit of 20 supervision records in six months.")
    page.fill("input[name='due_by-day']", str(due.day))
    page.fill("input[name='due_by-month']", str(due.month))
    page.fill("input[name='due_by-year']", str(due.year))
    page.check("input[name=national_policy][value=no]")
    page.locator("input[name=learning_points]").first.check()
    _submit(page)
    rec = Recommendation.objects.get(case=case)
    assert "Still to endorse: Local authority, Integrated Care Board, Police" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Endorse for your partner").count() == 0  # not a partner lead
    assert_accessible(page)

    for index, lead in enumerate(leads):
        context = open_context(browser)
        lead_page = context.new_page()
        sign_in(lead_page, live_server, lead)
        lead_page.goto(f"{live_server.url}/learning/{case.reference}/")
        assert_accessible(lead_page)
        lead_page.get_by_role("link", name="Endorse for your partner").click()
        assert_accessible(lead_page)
        assert lead_page.locator("input[name=partner]").count() == 1  # their own partner only
        lead_page.fill("input[name=executive_role]", "Executive director (fictional)")
        _submit(lead_page)
        text = lead_page.locator("main").inner_text()
        assert lead.full_name in text
        if index < 2:
            assert queries.endorsed_recommendations(case).count() == 0
            assert "Awaiting endorsement" in text
        context.close()
    assert [r.pk for r in queries.endorsed_recommendations(case)] == [rec.pk]
    page.reload()
    assert "Endorsed" in page.locator("main .govuk-summary-card__title").last.inner_text()
    assert_accessible(page)
