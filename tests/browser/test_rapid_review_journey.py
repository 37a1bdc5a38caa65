"""A new user drives the whole Rapid Review in Chromium, with axe-core on every page:
decision helper → referral → family → scoping sent → meeting (an inquorate decision refused, then a
quorate one) → three ratifications → submission, received by the test SMTP server with the pack.

The returns leg goes through the agency portal: the GP's safeguarding lead confirms a nil return in
writing and the coordinator sees it in the collated view.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cspr.accounts.roles import Role
from cspr.cases.models import Case, Stage
from cspr.rapidreview.models import Submission
from tests.browser.harness import assert_accessible, open_context, sign_in
from tests.rapidreview.test_actions import docx_text

pytestmark = pytest.mark.browser


def _date(page: Any, name: str, day: dt.date) -> None:
    page.fill(f"input[name='{name}-day']", str(day.day))
    page.fill(f"input[name='{name}-month']", str(day.month))
    page.fill(f"input[name='{name}-year']", str(day.year))


def _submit(page: Any) -> None:
    # Wait for the POST's own navigation (and its redirect) so the next goto cannot race it.
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.locator("main form button.govuk-button").last.click()


def _attendee(page: Any, live_server: Any, reference: str, name: str, partner: str) -> None:
    page.goto(f"{live_server.url}/rapid-review/{reference}/attendees/add/")
    assert_accessible(page)
    page.fill("input[name=name]", name)
    page.fill("input[name=role]", "Delegated safeguarding partner")
    page.fill("input[name=organisation]", f"{partner.upper()} (test)")
    page.fill("input[name=email]", f"{partner}@test.invalid")
    page.check(f"input[name=represents][value={partner}]")
    page.check(f"input[name=employed_by][value={partner}]")  # C8: they belong to the partner they represent
    page.check("input[name=delegated_authority]")
    page.check("input[name=present]")
    page.check("input[name=confidentiality_agreed]")
    _submit(page)


def test_rapid_review_journey(
    transactional_db: None, world: Any, live_server: Any, page: Any, browser: Any, smtp_server: Any
) -> None:
    world.home.panel_mailbox = "panel@test.invalid"
    world.home.save()
    today = dt.date.today()
    manager = world.user(Role.BUSINESS_MANAGER)
    sign_in(page, live_server, manager)

    # 1. Should we notify?
    page.goto(f"{live_server.url}/rapid-review/should-we-notify/")
    assert_accessible(page)
    page.check("input[name=subject][value=child]")
    page.check("input[name=age][value=under_18]")
    page.check("input[name=looked_after][value=no]")
    page.check("input[name=harm][value=serious_harm]")
    page.check("input[name=location][value=in_area]")
    page.check("input[name=abuse_or_neglect][value=yes]")
    _submit(page)
    assert "Notify the National Panel: Yes" in " ".join(page.locator("h2").all_inner_texts())
    assert_accessible(page)
    page.click("text=Open a case with these answers")

    # 2. The referral (an invalid first try keeps what was typed)
    assert_accessible(page)
    page.check("input[name=origin][value=referral]")
    page.check("input[name=incident_kind][value=serious_harm]")
    _date(page, "incident_date", today - dt.timedelta(days=2))
    _date(page, "referral_received_date", today - dt.timedelta(days=3))
    page.fill("input[name=referrer_name]", "Test Referrer")
    page.fill("input[name=referrer_email]", "referrer@test.invalid")
    page.fill("input[name=dsl_name]", "Test Safeguarding Lead")
    page.fill("input[name=first_name]", "Journeychild")
    page.fill("input[name=nhs_number]", "943 476 5919")
    _submit(page)
    assert page.title().startswith("Error:")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    assert page.input_value("input[name=referrer_name]") == "Test Referrer"
    _date(page, "referral_received_date", today)
    _submit(page)
    case = Case.objects.get(lead_partnership=world.home, referral__referrer_name="Test Referrer")
    assert page.url.endswith(f"/cases/{case.reference}/")
    assert case.notification_decision["outcome"]["notify_panel"]["verdict"] == "yes"
    assert "Journeychild" not in page.url
    assert_accessible(page)

    # 3. The family composition, then scoping (rule 21)
    page.click("text=Add a person")
    assert_accessible(page)
    page.check("input[name=role][value=family]")
    page.fill("input[name=first_name]", "Journeyparent")
    page.fill("input[name=relationship_to_child]", "Mother")
    page.check("input[name=sex][value=female]")
    _submit(page)
    page.goto(f"{live_server.url}/rapid-review/{case.reference}/")
    assert_accessible(page)
    page.click("text=Choose agencies and send scoping requests")
    assert_accessible(page)
    page.check(f"input[name=agencies][value='{world.agencies['own'].pk}']")
    page.check(f"input[name=agencies][value='{world.agencies['other'].pk}']")
    _submit(page)
    case.refresh_from_db()
    assert case.stage == Stage.SCOPING

    # 4. Returns arrive through the agency portal: the GP confirms no involvement in writing (rule 23).
    from cspr.portal.models import InformationRequest

    request = InformationRequest.objects.get(case=case, agency=world.agencies["other"])
    gp_context = open_context(browser)
    gp = gp_context.new_page()
    sign_in(gp, live_server, world.agency_users["other"])
    gp.goto(f"{live_server.url}/portal/requests/{request.pk}/")
    assert_accessible(gp)
    gp.goto(f"{live_server.url}/portal/requests/{request.pk}/no-involvement/")
    assert_accessible(gp)
    gp.fill("textarea[name=statement]", "We have checked our records and have had no involvement.")
    _submit(gp)
    gp_context.close()
    page.goto(f"{live_server.url}/portal/case/{case.reference}/scoping/collated/")
    assert_accessible(page)
    assert "no involvement" in page.content().lower()

    # 5. The meeting: today is outside the 7–13 working day window, which warns but does not block.
    page.goto(f"{live_server.url}/rapid-review/{case.reference}/meeting/")
    assert_accessible(page)
    _date(page, "date", today)
    page.fill("input[name=time]", "10am")
    _submit(page)
    assert "should be held between" in page.content()
    assert_accessible(page)
    _attendee(page, live_server, case.reference, "Test LA Delegate", "la")
    _attendee(page, live_server, case.reference, "Test ICB Delegate", "icb")

    # Document 4 sections 1 and 2: the decision page lists what is missing, with links to change it.
    page.goto(f"{live_server.url}/rapid-review/{case.reference}/decision/")
    assert "Document 4 is not complete" in page.content()
    assert_accessible(page)
    page.goto(f"{live_server.url}/rapid-review/{case.reference}/record/summary/")
    page.fill("textarea[name=case_summary]", "Fictional summary of the family and the incident.")
    page.fill("textarea[name=documentation_available]", "Notification; scoping returns")
    _submit(page)
    page.goto(f"{live_server.url}/rapid-review/{case.reference}/record/safeguarding/")
    assert_accessible(page)
    page.check("input[name=immediate_action_taken][value=yes]")
    page.fill("textarea[name=immediate_actions]", "Sibling safety plan in place.")
    _submit(page)
    page.goto(f"{live_server.url}/rapid-review/{case.reference}/record/criteria/")
    page.check("input[name=criteria][value=improvements]")
    _submit(page)
    page.goto(f"{live_server.url}/rapid-review/{case.reference}/record/discussion/")
    assert_accessible(page)
    for name, text in [
        ("time_period", "From birth to the incident"),
        ("previous_involvement", "Known to the school and the GP"),
        ("lived_experience", "The child's voice was rarely recorded"),
        ("considerations", "Culture, identity and the child's voice"),
        ("discussion", "Information sharing between agencies"),
        ("themes", "Information sharing"),
        ("conclusion", "Potential learning about working together"),
        ("immediate_learning", "Record the child's voice at every contact."),
        ("learning_sharing", "Seven-minute briefing"),
    ]:
        page.fill(f"textarea[name={name}]", text)
    page.check("input[name=legal_advice_sought][value=no]")
    _submit(page)

    def decide() -> None:
        page.goto(f"{live_server.url}/rapid-review/{case.reference}/decision/")
        assert_accessible(page)
        page.check("input[name=decision][value=b]")
        page.fill("textarea[name=kloes]", "How well did agencies share information?")
        page.fill("textarea[name=reasons]", "Potential learning about agencies working together.")
        _date(page, "decision_date", today)
        _submit(page)

    decide()
    assert page.title().startswith("Error:")
    assert "No decision can be recorded at an inquorate meeting" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    case.refresh_from_db()
    assert case.stage == Stage.MEETING

    _attendee(page, live_server, case.reference, "Test Police Delegate", "police")
    decide()
    case.refresh_from_db()
    assert case.stage == Stage.RATIFICATION
    assert_accessible(page)

    # 6. Three ratifications: the local authority's lead in person, the other two recorded by the
    # business manager on each partner's behalf, an explicit act naming the reason and the delegation.
    def ratify(tab: Any, partner: str, *, on_behalf: bool = False) -> None:
        tab.goto(f"{live_server.url}/rapid-review/{case.reference}/ratify/{'on-behalf/' if on_behalf else ''}")
        assert_accessible(tab)
        tab.check(f"input[name=partner][value={partner}]")
        tab.fill("input[name=executive_name]", f"Exec {partner.upper()}")
        tab.fill("input[name=executive_role]", "Director")
        if on_behalf:
            tab.fill("textarea[name=reason]", f"The {partner} lead ratified by email.")
            tab.fill("textarea[name=delegation]", "Written delegation to the business manager, 2 November 2026")
        _submit(tab)

    lead_context = open_context(browser)
    lead_tab = lead_context.new_page()
    sign_in(lead_tab, live_server, world.user(Role.PARTNER_LEAD))
    ratify(lead_tab, "la")
    lead_context.close()
    for partner in ("icb", "police"):
        ratify(page, partner, on_behalf=True)
    case.refresh_from_db()
    assert case.ratified_date == today
    assert {r.partner: r.on_behalf for r in case.ratifications.all()} == {"la": False, "icb": True, "police": True}

    # 7. Submission: the pack is previewed, refused while a placeholder remains, then goes to the Panel's mailbox
    world.home.panel_chair_name = "Sir Journey Panel Chair"
    world.home.signature_name = "Journey Business Manager"
    world.home.contact_email = "cspr@journey.test.invalid"
    world.home.save()
    page.goto(f"{live_server.url}/rapid-review/{case.reference}/submit/")
    assert "Still to be filled in: [insert SIN reference]" in page.content()
    assert_accessible(page)
    _submit(page)
    assert page.locator(".govuk-error-summary").is_visible()
    case.refresh_from_db()
    assert case.stage == Stage.RATIFICATION
    page.goto(f"{live_server.url}/cases/{case.reference}/dates/")
    page.fill("input[name=sin_reference]", "SIN-JOURNEY-0001")
    _submit(page)
    page.goto(f"{live_server.url}/rapid-review/{case.reference}/submit/")
    assert "Still to be filled in" not in page.content()
    _submit(page)
    assert_accessible(page)
    case.refresh_from_db()
    assert case.stage == Stage.SUBMITTED
    messages = smtp_server.wait_for(3)
    pack = next(m for m in messages if m.recipients == ["panel@test.invalid"])
    names = [part.get_filename() for part in pack.message.iter_attachments()]
    assert names == [
        f"{case.reference}_4_RAPID_REVIEW_TEMPLATE.docx",
        f"{case.reference}_5_RAPID_REVIEW_SUBMISSION_LETTER.docx",
    ]
    assert "Exec POLICE" in docx_text(next(pack.message.iter_attachments()).get_payload(decode=True))
    assert Submission.objects.get(case=case).attachments[0]["name"] == names[0]
    page.goto(f"{live_server.url}/cases/{case.reference}/")
    assert "Respond to the Rapid Review" in page.content()
    assert_accessible(page)
