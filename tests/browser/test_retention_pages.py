"""The data lifecycle in Chromium, with axe-core and the content security policy on every page: the
schedule, the review list, a decision refused then recorded, the destruction and its certificate, a
legal hold, and the subject-access pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cspr.accounts.roles import Role
from cspr.chronology.models import ChronologyEntry
from cspr.retention.models import DestructionCertificate, LegalHold
from tests.browser.harness import assert_accessible, sign_in
from tests.retention.helpers import close, fill, people

pytestmark = pytest.mark.browser


def _submit(page: Any) -> None:
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.locator("main form button.govuk-button").last.click()


def test_retention_pages(transactional_db: None, world: Any, live_server: Any, page: Any) -> None:
    case = close(world.cases["own"], dt.date.today() - dt.timedelta(days=7 * 366))
    fill(world, case)
    people(case)
    ref = case.reference
    sign_in(page, live_server, world.user(Role.BUSINESS_MANAGER))

    page.goto(f"{live_server.url}/retention/")
    assert_accessible(page)
    assert "25 years" in page.content()
    page.goto(f"{live_server.url}/retention/schedules/chronology/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/retention/review/")
    assert_accessible(page)
    page.click(f"a[href='/retention/review/chronology/{ref}/']")
    page.wait_for_load_state("domcontentloaded")
    assert_accessible(page)
    _submit(page)  # nothing chosen: the error summary
    assert "There is a problem" in page.content()
    assert_accessible(page)
    page.check("input[name=outcome][value=destroy]")
    page.fill("textarea[name=reason]", "Six years past closure; no inquiry or claim pending.")
    _submit(page)
    assert "Carry out the destruction" in page.content()
    assert_accessible(page)
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.click("button.govuk-button--warning")
    assert "Destruction certificate" in page.content()
    assert_accessible(page)
    assert not ChronologyEntry.objects.filter(case=case).exists()
    assert DestructionCertificate.objects.count() == 1

    page.goto(f"{live_server.url}/retention/holds/new/")
    assert_accessible(page)
    page.fill("input[name=case_reference]", ref)
    page.fill("textarea[name=reason]", "A fictional civil claim.")
    _submit(page)
    assert LegalHold.objects.filter(case=case, released_at__isnull=True).count() == 1
    assert_accessible(page)
    page.goto(f"{live_server.url}/retention/review/")
    assert ref not in page.locator("main").inner_text()

    page.goto(f"{live_server.url}/retention/subject-access/?reference={ref}")
    assert_accessible(page)
    page.click("text=Motherdemo Dummyfamily")
    page.wait_for_load_state("domcontentloaded")
    assert_accessible(page)
    page.goto(f"{live_server.url}/retention/certificates/")
    assert_accessible(page)
