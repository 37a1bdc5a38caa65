"""Setting up an LCSPR in Chromium, with axe-core on every page: the terms of reference drafted from
the Rapid Review, refused while incomplete, the team appointed (the lead reviewer invited), agreed,
changed and re-approved, both versions shown side by side; the invited reviewer's link leads to MFA."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cspr.accounts.roles import Role
from cspr.cases.models import Case, Stage
from cspr.lcspr.invitations import token_for
from cspr.lcspr.models import ReviewerInvitation, TermsVersion
from cspr.outbox.kinds import MailKind
from cspr.outbox.models import Message
from cspr.rapidreview.models import RapidReviewRecord
from tests.browser.harness import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _date(page: Any, name: str, day: dt.date) -> None:
    page.fill(f"input[name='{name}-day']", str(day.day))
    page.fill(f"input[name='{name}-month']", str(day.month))
    page.fill(f"input[name='{name}-year']", str(day.year))


def _submit(page: Any) -> None:
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.locator("main form button.govuk-button").last.click()


def _appoint(page: Any, url: str, role: str, name: str, email: str, partner: str = "") -> None:
    page.goto(f"{url}/team/appoint/")
    assert_accessible(page)
    page.check(f"input[name=role][value={role}]")
    page.fill("input[name=name]", name)
    page.fill("input[name=email]", email)
    page.fill("input[name=organisation]", f"{name} organisation")
    if partner:
        page.check(f"input[name=represents][value={partner}]")
    if partner == "police":
        page.check("input[name=liaison_duties][value=sio]")
    page.check("input[name=conflict][value=none]")
    _submit(page)


def test_lcspr_setup_journey(transactional_db: None, world: Any, live_server: Any, page: Any) -> None:
    today = dt.date.today()
    case = world.cases["own"]
    Case.objects.filter(pk=case.pk).update(lcspr_commissioned_date=today - dt.timedelta(days=3))
    RapidReviewRecord.objects.create(
        case=case, case_summary="A fictional summary.", time_period="From birth", kloes="Information sharing"
    )
    sign_in(page, live_server, world.user(Role.BUSINESS_MANAGER))
    url = f"{live_server.url}/lcspr/{case.reference}"
    page.goto(f"{url}/")
    assert_accessible(page)
    page.click("text=Agree the terms of reference")
    assert_accessible(page)
    page.click("text=Start the terms of reference")
    assert_accessible(page)
    assert page.input_value("textarea[name=kloes]") == "Information sharing"  # from the Rapid Review
    page.fill("textarea[name=time_period_rationale]", "The family's history starts at the birth (fictional).")
    _submit(page)
    # Agreeing now is refused, each missing part in the error summary.
    page.goto(f"{url}/terms/agree/")
    assert_accessible(page)
    page.fill("textarea[name=agreed_by]", "CSPR group: Test Chair")
    _submit(page)
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "racial, cultural, linguistic and religious considerations" in summary
    assert_accessible(page)
    page.goto(f"{url}/terms/edit/")
    page.check("input[name=chronologies][value=yes]")
    page.check("input[name=information_method][value=information_report]")
    page.check("input[name=workshop_method][value=workshop]")
    for name, text in (
        ("family_involvement", "The mother will be invited (fictional)."),
        ("parallel_investigations", "None"),
        ("legal_advice", "None needed"),
        ("other_considerations", "The family's faith and first language (fictional)."),
    ):
        page.fill(f"textarea[name={name}]", text)
    page.fill("input[name=family_contact_responsible]", "The lead reviewer")
    _date(page, "learning_to_partners_date", today + dt.timedelta(days=170))
    page.fill("input[name=milestone_1]", "Chronologies due")
    _date(page, "milestone_1_date", today + dt.timedelta(days=40))
    _submit(page)
    _appoint(page, url, "lead_reviewer", "Test Independent Reviewer", "independent@test.invalid")
    _appoint(page, url, "team_member", "Test Police Member", "police.member@test.invalid", "police")
    page.goto(f"{url}/team/")
    assert_accessible(page)
    assert "The review team has no member from" in page.inner_text("main")  # rule 50: no LA or ICB member yet
    page.goto(f"{url}/terms/agree/")
    page.fill("textarea[name=agreed_by]", "CSPR group meeting: Test Chair, Test Member")
    _submit(page)
    assert Case.objects.get(pk=case.pk).stage == Stage.LCSPR
    assert_accessible(page)
    page.click("text=Record a significant change")
    assert_accessible(page)
    page.fill("textarea[name=reason]", "A new line of enquiry about housing (fictional)")
    _submit(page)
    page.fill("textarea[name=kloes]", "Information sharing\nHousing")
    _submit(page)
    page.goto(f"{url}/terms/agree/")
    page.fill("textarea[name=agreed_by]", "CSPR group meeting 2: Test Chair")
    _submit(page)
    page.goto(f"{url}/terms/versions/")
    assert_accessible(page)
    text = page.inner_text("main")
    assert "Version 1" in text
    assert "Version 2" in text
    assert "Housing" in text
    assert TermsVersion.objects.filter(case=case).count() == 2
    # The invited lead reviewer's link: a password, then the authenticator set-up.
    # (The email's body is blanked once sent: a single-use link is not kept in the outbox.)
    invitation = ReviewerInvitation.objects.get(email="independent@test.invalid")
    token = token_for(invitation)
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/lcspr/invitation/{token}/")
    assert_accessible(page)
    page.fill("input[name=password1]", "a-long-new-password-42")
    page.fill("input[name=password2]", "a-long-new-password-42")
    _submit(page)
    assert "authenticator" in page.inner_text("main").lower()
    assert Message.objects.filter(kind=MailKind.REVIEWER_NOTICE).count() == 1
