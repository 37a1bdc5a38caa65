"""The report and publication journey in Chromium, with axe-core and the content security policy checked
on every page (issue 13): a draft naming the family uploaded and its findings listed, the glossary
applied so that none is left in the publishable version, the three partners approve (two partner leads for their own
partners, the business manager on the third's behalf), the report given to the family to read, the
practitioners told, the plan, the copies to the National Panel, Ofsted and the Secretary of State sent
through the outbox, publication refused before them, then published with its year of availability."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case, Person
from cspr.deadlines import working_days as wd
from cspr.deadlines.services import calendar_for_partnership
from cspr.organisations.models import PartnerKind
from cspr.outbox.kinds import MailKind
from cspr.outbox.models import Message
from cspr.publication.models import Approval, Copies, Publication
from cspr.report import docxtext, sample
from tests.browser.harness import assert_accessible, open_context, sign_in
from tests.rapidreview.helpers import partner_lead
from tests.report.helpers import family_case
from tests.world import PASSWORD

pytestmark = pytest.mark.browser


def _date(page: Any, name: str, day: dt.date) -> None:
    page.fill(f"input[name='{name}-day']", str(day.day))
    page.fill(f"input[name='{name}-month']", str(day.month))
    page.fill(f"input[name='{name}-year']", str(day.year))


def _submit(page: Any) -> None:
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.locator("main form button.govuk-button").last.click()


def _lead(world: Any, kind: PartnerKind) -> User:
    user = partner_lead(world, kind, world.home)
    user.set_password(PASSWORD)
    user.save()
    if not Authenticator.objects.filter(user=user).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


def _approve_as(browser: Any, live_server: Any, user: User, ref: str, kind: PartnerKind) -> None:
    context = open_context(browser)
    page = context.new_page()
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/publication/{ref}/")
    assert_accessible(page)
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.get_by_role("link", name="Approve the report for your partner").click()
    assert_accessible(page)
    page.fill("input[name=approver_role]", "Director")
    _submit(page)
    assert "Approval recorded" in page.content()
    assert Approval.objects.filter(partner=kind.value).exists()
    assert context.csp_violations == []
    context.close()


def draft_naming_the_family() -> bytes:
    """A short draft that still names the demo family (Dummyfamily) and the school."""
    return sample.build(
        sample.Draft(
            blocks=[
                sample.Para("Local Child Safeguarding Practice Review (fictional)", style="Title"),
                sample.Para("Executive summary", style="Heading1"),
                sample.Para(runs=("Demo Child Dummy", "family lived with Demo Mother Dummyfamily in Demotown.")),
                sample.Para("The lead reviewer was Demo Reviewer Person."),
            ],
            header="Demo Child Dummyfamily",
        )
    )


def draft_to_publishable(page: Any, live_server: Any, ref: str, tmp_path: Any) -> None:
    """The report app's pages: upload a draft, see its findings, save the glossary, apply it."""
    page.goto(f"{live_server.url}/report/{ref}/upload/")
    assert_accessible(page)
    draft = tmp_path / "draft-1.docx"
    draft.write_bytes(draft_naming_the_family())
    page.set_input_files("input[name=file]", str(draft))
    _submit(page)
    assert "Draft 1 uploaded and checked" in page.content()
    assert "Dummyfamily" in page.content()  # a finding, with its place in the text
    assert "finding" in page.locator("#anonymisation").inner_text()
    assert_accessible(page)
    page.goto(f"{live_server.url}/report/{ref}/glossary/")
    assert_accessible(page)
    _submit(page)  # the glossary as prefilled from the record: pseudonym and relationships
    assert "The glossary is saved" in page.content()
    page.goto(f"{live_server.url}/report/{ref}/draft/1/")
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.get_by_role("button", name="Apply the glossary").click()
    assert "0 anonymisation findings left on a re-scan" in page.content()
    assert_accessible(page)


def test_publication_journey(
    transactional_db: None, world: Any, live_server: Any, page: Any, browser: Any, tmp_path: Any
) -> None:
    today = dt.date.today()
    case = family_case(world)  # the demo family Dummyfamily, the school involved, the lead reviewer
    commissioned = today - dt.timedelta(days=170)
    Case.objects.filter(pk=case.pk).update(
        decision_date=commissioned,
        ratified_date=commissioned,
        lcspr_commissioned_date=commissioned,
        terms_of_reference_agreed_date=commissioned + dt.timedelta(days=21),
    )
    mother = Person.objects.get(case=case, relationship_to_child="Mother")
    ref = case.reference
    manager = world.user(Role.BUSINESS_MANAGER)
    sign_in(page, live_server, manager)
    page.goto(f"{live_server.url}/lcspr/{ref}/")
    assert_accessible(page)
    assert "Approval and publication" in page.content()
    draft_to_publishable(page, live_server, ref, tmp_path)
    page.goto(f"{live_server.url}/publication/{ref}/")
    assert "the publishable version of report draft 1" in page.content()
    assert_accessible(page)

    # Two partners' own leads approve, each for their partner only.
    for kind in (PartnerKind.LOCAL_AUTHORITY, PartnerKind.POLICE):
        _approve_as(browser, live_server, _lead(world, kind), ref, kind)
    # The business manager records the ICB's approval on its behalf: reason and delegation required.
    page.goto(f"{live_server.url}/publication/{ref}/approve/on-behalf/")
    assert_accessible(page)
    page.check("input[name=partner][value=icb]")
    page.fill("input[name=approver_name]", "Test ICB Chief Nurse")
    page.fill("input[name=approver_role]", "Chief Nurse")
    _date(page, "date", today)
    _submit(page)
    assert "There is a problem" in page.content()
    assert_accessible(page)
    page.fill("textarea[name=reason]", "The ICB's lead approved at the CSPR group while on leave (fictional).")
    page.fill("textarea[name=delegation]", "Written delegation from the ICB's lead (fictional).")
    _submit(page)
    case.refresh_from_db()
    assert case.report_approved_date == today
    page.goto(f"{live_server.url}/lcspr/{ref}/")
    assert "Approved" in page.content()

    page.goto(f"{live_server.url}/publication/{ref}/pre-reading/")
    assert_accessible(page)
    page.select_option("select[name=person]", str(mother.pk))
    _date(page, "given_on", today)
    page.fill("input[name=how]", "In person with the family coordinator")
    _submit(page)
    page.goto(f"{live_server.url}/publication/{ref}/practitioners/")
    assert_accessible(page)
    page.check(f"input[name=agency][value='{world.agencies['own'].pk}']")
    _date(page, "told_on", today)
    page.fill("input[name=told_by]", "Test Head of Service")
    _submit(page)

    calendar = calendar_for_partnership(case.lead_partnership_id)
    planned = calendar.add_working_days(today, 12)
    page.goto(f"{live_server.url}/publication/{ref}/plan/")
    assert_accessible(page)
    _date(page, "planned_date", planned)
    page.fill("textarea[name=family_wishes]", "Mother asked for a weekday away from the anniversary (fictional).")
    page.fill("input[name=media_contact]", "Test Media Officer")
    page.fill("textarea[name=strategic_leads]", "Test strategic leads")
    page.fill("textarea[name=communications_leads]", "Test communications leads")
    _submit(page)
    send_by = calendar.subtract_working_days(planned, 7)
    assert f"Send by {send_by:%-d %B %Y}" in page.content()
    assert_accessible(page)

    # Publication cannot be recorded before the copies (a forged visit to the page is refused too).
    page.goto(f"{live_server.url}/publication/{ref}/published/")
    assert_accessible(page)
    _date(page, "published_on", today)
    page.fill("input[name=url]", "https://test.invalid/reviews/report.pdf")
    page.fill("input[name=reviewer_names]", "Test Reviewer")
    page.check("input[name=reviewer_named]")
    _submit(page)
    assert "before the copies to the National Panel, Ofsted and the Secretary of State" in page.content()
    assert_accessible(page)
    assert not Publication.objects.exists()

    page.goto(f"{live_server.url}/publication/{ref}/copies/")
    assert_accessible(page)
    _submit(page)
    assert "Copies queued" in page.content()
    assert Message.objects.filter(kind=MailKind.PREPUBLICATION_COPY).count() == 3
    assert Message.objects.filter(kind=MailKind.PUBLICATION_DECISION).count() == 1
    # The Panel, Ofsted and the Secretary of State get the publishable version: no family name in it.
    for message in Message.objects.filter(kind=MailKind.PREPUBLICATION_COPY):
        [attachment] = list(message.attachments.all())
        assert "Dummyfamily" not in docxtext.plain_text(attachment.data())
    assert_accessible(page)

    # Time passes: the copies went 9 working days ago and today is the planned date.
    sent = calendar.subtract_working_days(today, 9)
    Copies.objects.filter(case=case).update(sent_on=sent, due_by=sent)
    Case.objects.filter(pk=case.pk).update(publication_date=today)
    page.goto(f"{live_server.url}/publication/{ref}/published/")
    page.fill("input[name=url]", "https://test.invalid/reviews/report.pdf")
    page.fill("input[name=reviewer_names]", "Test Reviewer")
    page.check("input[name=reviewer_named]")
    _submit(page)
    assert "Publication recorded" in page.content()
    assert_accessible(page)
    case.refresh_from_db()
    assert case.published_date == today
    until = wd.add_years(today, 1)
    assert f"{until:%-d %B %Y}" in page.content()
    page.goto(f"{live_server.url}/lcspr/{ref}/")
    assert_accessible(page)
    assert "Report published" in page.content()
