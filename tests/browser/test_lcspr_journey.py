"""The LCSPR in Chromium, from a ratified decision (b) to the review team reading worksheets without
names, with axe-core on every page visited (issue 12, first proof):

1. appointments: the independent lead reviewer is invited by email, follows the link, sets a password
   and enrols an authenticator app; a review team member with an account is appointed;
2. the terms of reference: the first draft (from the Rapid Review) completed, agreed by the CSPR
   group, changed (the KLOEs widened) and re-approved; the compare page shows both versions;
3. a chronology request and an information report sent to an agency and answered through the portal;
   the information report with two questions unanswered comes back by itself, listing them (rule 54);
4. family contacts logged by the review team member (a contact attempt and a view expressed);
5. a workshop scheduled, two practitioners invited by email, each enrols and submits worksheets, the
   workshop recorded as held; the review team member reads the worksheets with no name or email.

The case starts where the Rapid Review journey ends (a ratified decision b), set on the case row as
the LCSPR tests do. Dates are today's: the sign-ins' one-time codes need the real clock, so it is not
pinned; the workshop is scheduled for today from midnight so that it has started (Worksheets 2 and 3
open when it starts) and can be recorded as held.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Mapping
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.utils import timezone

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case, CaseMembership, Person, PersonRole, Sex
from cspr.family.models import Contact, ViewExpressed
from cspr.lcspr.models import Appointment, AppointmentRole, TermsStatus, TermsVersion
from cspr.portal.models import InformationRequest, RequestState, RequestType
from cspr.rapidreview.models import RapidReviewRecord
from cspr.workshops.models import Nomination, Participant, Worksheet, Workshop
from tests.browser import harness
from tests.browser.harness import assert_accessible, open_context, sign_in
from tests.mail import Received, SMTPServer
from tests.world import PASSWORD, World

pytestmark = pytest.mark.browser

KLOES_V1 = "How agencies shared information about the journey child"
KLOE_ADDED = "Whether the journey child's lived experience was understood"
PRACTITIONERS = [
    ("Petra Journeypractitioner", "petra.journey@test.invalid"),
    ("Quentin Journeypractitioner", "quentin.journey@test.invalid"),
]
REVIEWER_EMAIL = "independent.reviewer@test.invalid"


# -- small helpers ---------------------------------------------------------------------------------


def _date(page: Any, name: str, day: dt.date) -> None:
    page.fill(f"input[name='{name}-day']", str(day.day))
    page.fill(f"input[name='{name}-month']", str(day.month))
    page.fill(f"input[name='{name}-year']", str(day.year))


def _press(page: Any, name: str | None = None) -> None:
    """Press a button of the page's form, wait for the POST's own navigation (and its redirect), run axe."""
    button = (
        page.locator("main form button.govuk-button").last
        if name is None
        else page.locator("main form").get_by_role("button", name=name, exact=True)
    )
    with page.expect_navigation(wait_until="domcontentloaded"):
        button.click()
    assert_accessible(page)  # the page the POST leads to (or the form again, with its errors)


def _visit(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, f"{url} answered {response.status}"
    assert_accessible(page)


def _no_errors(page: Any) -> None:
    summary = page.locator(".govuk-error-summary")
    assert summary.count() == 0, f"{page.url}: {summary.first.inner_text()}"


def _fill(page: Any, values: Mapping[str, str | bool]) -> None:
    """Fill fields by name: text for inputs and textareas, a value for radios, True for a checkbox."""
    for name, value in values.items():
        field = page.locator(f"main [name='{name}']")
        kind = field.first.get_attribute("type") or ""
        if kind == "radio":
            page.check(f"main input[name='{name}'][value='{value}']")
        elif kind == "checkbox":
            page.check(f"main input[name='{name}']")
        else:
            field.first.fill(str(value))


def _patient(context: Any) -> Any:
    """Generous but bounded waits: the machine is shared, so a slow page is not a failure."""
    context.set_default_timeout(30_000)
    context.set_default_navigation_timeout(60_000)
    return context


def _context(browser: Any) -> Any:
    return _patient(open_context(browser))


def _body(received: Received) -> str:
    part = received.message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def _link_to(smtp: SMTPServer, email: str, path: str, live_server: Any) -> str:
    """The invitation link in the email sent to ``email`` (waited for, bounded), on the live server."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for received in smtp.wait_for(1, timeout=1):
            if email in received.recipients:
                found = re.search(rf"https?://\S+({re.escape(path)}\S+/)", _body(received))
                assert found is not None, _body(received)
                return f"{live_server.url}{found.group(1)}"
        time.sleep(0.2)
    raise AssertionError(f"No email to {email}; received: {[m.recipients for m in smtp.messages]}")


def _accept_invitation(page: Any, link: str, email: str) -> User:
    """Follow an emailed link: set a password, then enrol an authenticator app with a real code."""
    _visit(page, link)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    _press(page)  # axe runs on the authenticator page it leads to
    assert "/accounts/2fa/totp/activate" in page.url, page.inner_text("main")[:1500]
    user = User.objects.get(email=email)
    secret = page.locator("#totp-secret").get_attribute("data-secret")
    assert secret
    counter = int(time.time()) // 30
    harness.mark_code_used(secret, counter)
    page.fill("input[name=code]", str(format_hotp_value(hotp_value(secret, counter))))
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.locator("form").filter(has=page.locator("input[name=code]")).locator("button[type=submit]").first.click()
    assert page.url.endswith("/accounts/2fa/recovery-codes/"), page.inner_text("main")[:1500]
    assert_accessible(page)
    return user


def _ratified_lcspr(world: World) -> Case:
    """The world's case as the Rapid Review journey leaves it: decision (b) ratified a week ago."""
    today = timezone.localdate()  # the app's today (Europe/London), not the machine's
    case = world.cases["own"]
    ratified = today - dt.timedelta(days=7)
    Case.objects.filter(pk=case.pk).update(
        decision_date=ratified, ratified_date=ratified, lcspr_commissioned_date=ratified
    )
    RapidReviewRecord.objects.update_or_create(
        case=case,
        defaults={
            "kloes": KLOES_V1,
            "case_summary": "A fictional summary of the journey family and the incident.",
            "time_period": "From birth to the incident",
            "considerations": "The family speaks Testish at home; an interpreter is needed.",
        },
    )
    # Reach comes from the appointments made below, not from the world's ready-made memberships.
    CaseMembership.objects.filter(case=case).delete()
    Person.objects.create(
        case=case, role=PersonRole.FAMILY_MEMBER, first_name="Mira", last_name="Journeyfamily",
        relationship_to_child="Mother", sex=Sex.FEMALE,
    )  # fmt: skip
    case.refresh_from_db()
    return case


# -- the journey -----------------------------------------------------------------------------------


def test_lcspr_journey(
    transactional_db: None, world: World, live_server: Any, page: Any, browser: Any, smtp_server: SMTPServer
) -> None:
    today = timezone.localdate()
    case = _ratified_lcspr(world)
    ref = case.reference
    base = live_server.url
    manager = world.user(Role.BUSINESS_MANAGER)
    member = world.user(Role.REVIEW_TEAM_MEMBER)
    agency_user = world.agency_users["own"]
    agency = world.agencies["own"]
    _patient(page.context)
    sign_in(page, live_server, manager)

    # 1. The LCSPR page, then the people on the review.
    _visit(page, f"{base}/lcspr/{ref}/")
    _visit(page, f"{base}/lcspr/{ref}/team/")
    _visit(page, f"{base}/lcspr/{ref}/team/appoint/")
    _fill(
        page,
        {
            "role": AppointmentRole.LEAD_REVIEWER,
            "name": "Ines Independentreviewer",
            "email": REVIEWER_EMAIL,
            "organisation": "Test Reviewing Ltd",
            "conflict": "none",
        },
    )
    _date(page, "confidentiality_signed_on", today)
    _press(page)
    _no_errors(page)
    assert page.url.endswith(f"/lcspr/{ref}/team/")  # axe ran on it in _press
    _visit(page, f"{base}/lcspr/{ref}/team/appoint/")
    _fill(
        page,
        {
            "role": AppointmentRole.TEAM_MEMBER,
            "name": member.full_name,
            "email": member.email,
            "organisation": "Home Test Council",
            "represents": "la",
            "conflict": "none",
        },
    )
    _date(page, "confidentiality_signed_on", today)
    _press(page)
    _no_errors(page)
    assert "Ines Independentreviewer" in page.locator("main").inner_text()
    assert Appointment.objects.filter(case=case, ended__isnull=True).count() == 2
    assert CaseMembership.objects.filter(case=case, user=member).exists()

    # The lead reviewer follows the emailed invitation, sets a password and enrols an authenticator.
    reviewer_context = _context(browser)
    reviewer_page = reviewer_context.new_page()
    link = _link_to(smtp_server, REVIEWER_EMAIL, "/lcspr/invitation/", live_server)
    invitation_mail = next(m for m in smtp_server.messages if REVIEWER_EMAIL in m.recipients)
    assert ref in _body(invitation_mail)
    assert "Testchild" not in _body(invitation_mail)  # routine mail: no child's name
    reviewer = _accept_invitation(reviewer_page, link, REVIEWER_EMAIL)
    assert reviewer.role == Role.LEAD_REVIEWER
    _visit(reviewer_page, f"{base}/lcspr/{ref}/")

    # 2. The terms of reference: the draft from the Rapid Review, completed, agreed.
    _visit(page, f"{base}/lcspr/{ref}/terms/")
    _visit(page, f"{base}/lcspr/{ref}/terms/edit/")
    assert page.input_value("textarea[name=kloes]") == KLOES_V1
    _fill(
        page,
        {
            "time_period_rationale": "The family moved to the area at the child's birth.",
            "chronologies": "yes",
            "information_method": "information_report",
            "workshop_method": "workshop",
            "family_involvement": "The mother will be invited to meet the lead reviewer.",
            "family_contact_responsible": "The review team member for the local authority",
            "parallel_investigations": "None",
            "legal_advice": "None needed",
            "other_considerations": "The family speaks Testish at home; an interpreter is needed.",
        },
    )
    _date(page, "learning_to_partners_date", today + dt.timedelta(days=150))
    _press(page)
    _no_errors(page)
    _visit(page, f"{base}/lcspr/{ref}/terms/agree/")
    _date(page, "agreed_on", today)
    page.fill("textarea[name=agreed_by]", "CSPR group meeting: Test Chair, Test Member")
    _press(page)
    _no_errors(page)
    # A significant change: the KLOEs widened, then re-approved.
    _visit(page, f"{base}/lcspr/{ref}/terms/change/")
    page.fill("textarea[name=reason]", "The KLOEs were widened to the child's lived experience.")
    _press(page)
    _no_errors(page)
    assert page.url.endswith(f"/lcspr/{ref}/terms/edit/")  # axe ran on it in _press
    page.fill("textarea[name=kloes]", f"{KLOES_V1}\n{KLOE_ADDED}")
    _press(page)
    _no_errors(page)
    _visit(page, f"{base}/lcspr/{ref}/terms/agree/")
    assert "Record the re-approval of version 2" in page.locator("h1").inner_text()
    _date(page, "agreed_on", today)
    page.fill("textarea[name=agreed_by]", "CSPR group meeting: Test Chair (re-approval)")
    _press(page)
    _no_errors(page)
    assert list(TermsVersion.objects.filter(case=case).order_by("number").values_list("status", flat=True)) == [
        TermsStatus.AGREED,
        TermsStatus.AGREED,
    ]
    _visit(page, f"{base}/lcspr/{ref}/terms/versions/")
    table = page.locator("main table")
    headers = table.locator("thead th").all_inner_texts()
    assert headers[1:] == ["Version 1", "Version 2"]
    kloe_row = table.locator("tbody tr").filter(has=page.locator("th", has_text="Key lines of enquiry"))
    cells = kloe_row.locator("td").all_inner_texts()
    assert KLOES_V1 in cells[0]
    assert KLOE_ADDED not in cells[0]
    assert KLOES_V1 in cells[1]
    assert KLOE_ADDED in cells[1]
    assert page.get_by_text("The KLOEs were widened to the child's lived experience.").is_visible()
    assert page.get_by_text(KLOE_ADDED).is_visible()

    # 3. A chronology request and an information report to the agency, answered through the portal.
    due = today + dt.timedelta(days=28)
    for kind in ("chronology", "information_report"):
        _visit(page, f"{base}/portal/case/{ref}/send/{kind}/")
        for box in page.locator("main input[name=agencies]").all():
            box.uncheck()
        page.check(f"main input[name=agencies][value='{agency.pk}']")
        _date(page, "due_date", due)
        _press(page)
        _no_errors(page)
    chronology = InformationRequest.objects.get(case=case, request_type=RequestType.CHRONOLOGY)
    report = InformationRequest.objects.get(case=case, request_type=RequestType.INFORMATION_REPORT)

    agency_context = _context(browser)
    agency_page = agency_context.new_page()
    sign_in(agency_page, live_server, agency_user)
    _visit(agency_page, f"{base}/portal/")
    author: dict[str, str | bool] = {
        "author_name": "Test Author",
        "author_role": "Home Test School, Deputy Head",
        "author_contact": "author@test.invalid",
        "author_independent": True,
    }
    sign_off = {
        "signed_off_name": "Test Senior",
        "signed_off_role": "Head Teacher",
        "signed_off_contact": "head@test.invalid",
    }

    def section(request: InformationRequest, slug: str, values: Mapping[str, str | bool], **dates: dt.date) -> None:
        _visit(agency_page, f"{base}/portal/requests/{request.pk}/answer/{slug}/")
        _fill(agency_page, values)
        for name, day in dates.items():
            _date(agency_page, name, day)
        _press(agency_page, "Save and come back later")
        _no_errors(agency_page)

    def submit(request: InformationRequest) -> None:
        _visit(agency_page, f"{base}/portal/requests/{request.pk}/check/")
        _date(agency_page, "records_secured_on", today)
        _fill(agency_page, {"records_secured_by": "Test Author", "kept_separate": True})
        _press(agency_page, "Submit your return")
        _no_errors(agency_page)

    _visit(agency_page, f"{base}/portal/requests/{chronology.pk}/")
    section(chronology, "author", author, date_completed=today)
    section(chronology, "sign_off", sign_off, signed_off_on=today)
    section(
        chronology,
        "key_events",
        {"r1_date": "12/03/2025", "r1_source": "Attendance register", "r1_key_event": "Attendance fell below 80%"},
    )
    section(
        chronology,
        "organisational_changes",
        {"r1_date": "01/09/2024", "r1_source": "HR", "r1_key_event": "New pastoral lead"},
    )
    submit(chronology)
    chronology.refresh_from_db()
    assert chronology.state == RequestState.SUBMITTED

    _visit(agency_page, f"{base}/portal/requests/{report.pk}/")
    section(report, "author", author, date_completed=today)
    section(report, "sign_off", sign_off, signed_off_on=today)
    parts: dict[str, dict[str, str | bool]] = {
        "parallel": {"q1_parallel": "no"},
        "sources": {"q2_documents": "School records", "q2_interviews": "Class teacher interviewed"},
        "summary": {"q31_reviewed": True, "q31_corrections": "None", "q32_context": "Staff changes in 2025"},
        "analysis": {"q4_analysis": "Concerns were logged but not shared"},
        "good_practice": {"q5_good_practice": "Attendance tracked weekly"},
        "learning": {"q6_learning": "Share sooner"},
        "single_agency": {"q7_implemented": "New log", "q7_planned": "Training"},
    }
    for slug, values in parts.items():
        section(report, slug, values)  # questions 8 and 9 are left unanswered
    _visit(agency_page, f"{base}/portal/requests/{report.pk}/check/")
    assert "returned to you automatically" in agency_page.locator("main").inner_text()
    submit(report)
    report.refresh_from_db()
    assert report.state == RequestState.REVISION_REQUESTED
    _visit(agency_page, f"{base}/portal/requests/{report.pk}/")
    returned = agency_page.locator("main").inner_text()
    for question in (
        "8. Actions to improve multi-agency working you wish the Review Team to consider",
        "9. Other relevant information for the Independent Lead Reviewer and Review Team",
    ):
        assert question in returned, returned
    listed = [line for line in report.revision_reasons.splitlines() if line.startswith("- ")]
    assert [line[2:4] for line in listed] == ["8.", "9."], report.revision_reasons
    agency_context.close()

    # The lead reviewer accepts the chronology: it joins the integrated chronology.
    _visit(reviewer_page, f"{base}/portal/case/{ref}/requests/{chronology.pk}/review/")
    reviewer_page.check("main input[name=decision][value=accept]")
    _press(reviewer_page)
    _no_errors(reviewer_page)
    chronology.refresh_from_db()
    assert chronology.state == RequestState.ACCEPTED
    reviewer_context.close()

    # 4. Family contacts, logged by the review team member.
    member_context = _context(browser)
    member_page = member_context.new_page()
    sign_in(member_page, live_server, member)
    _visit(member_page, f"{base}/lcspr/{ref}/")
    member_page.get_by_role("link", name="Family network, invitations and coordinator").click()
    member_page.wait_for_load_state("domcontentloaded")
    assert_accessible(member_page)
    member_page.get_by_role("link", name="Mira Journeyfamily").click()
    member_page.wait_for_load_state("domcontentloaded")
    assert_accessible(member_page)
    member_page.get_by_role("link", name="Change the invitation or coordinator").click()
    member_page.wait_for_load_state("domcontentloaded")
    assert_accessible(member_page)
    member_page.check("input[name=invite][value=yes]")
    member_page.select_option("select[name=coordinator]", str(member.pk))
    member_page.fill("input[name=coordinator_phone]", "0121 496 0222")
    _press(member_page)
    _no_errors(member_page)
    member_page.get_by_role("link", name="Record a contact or meeting").click()
    member_page.wait_for_load_state("domcontentloaded")
    assert_accessible(member_page)
    member_page.check("input[name=kind][value=attempt]")
    _date(member_page, "on", today)
    member_page.check("input[name=method][value=phone]")
    member_page.check("input[name=outcome][value=spoke]")
    _press(member_page)
    _no_errors(member_page)
    member_page.get_by_role("link", name="Record a view expressed").click()
    member_page.wait_for_load_state("domcontentloaded")
    assert_accessible(member_page)
    _date(member_page, "on", today)
    member_page.fill("textarea[name=summary]", "She wanted the review to hear about the move (fictional).")
    _press(member_page)
    _no_errors(member_page)
    log = member_page.locator("main").inner_text()
    assert "She wanted the review to hear about the move" in log
    assert (Contact.objects.filter(invitation__person__case=case).count(), ViewExpressed.objects.count()) == (1, 1)

    # 5. The workshop: nominations, scheduled for today, two practitioners invited.
    for name, email in PRACTITIONERS:
        _visit(page, f"{base}/workshops/{ref}/nominations/add/")
        _fill(page, {"full_name": name, "job_title": "Social worker (fictional)", "email": email})
        page.check("main input[name=direct_involvement][value=yes]")
        _press(page)
        _no_errors(page)
    _visit(page, f"{base}/workshops/{ref}/workshop/add/")
    page.locator("main input[name=mode]").first.check()
    _date(page, "date", today)
    _fill(page, {"start_time": "00:00", "end_time": "23:59", "venue": "Fictional Room 1, ZZ1 1ZZ"})
    _press(page)
    _no_errors(page)
    workshop = Workshop.objects.get(case=case)
    _visit(page, f"{base}/workshops/{ref}/workshop/{workshop.pk}/invite/")
    for nomination in Nomination.objects.filter(case=case):
        page.check(f"main input[name=nominations][value='{nomination.pk}']")
    _press(page)
    _no_errors(page)

    for _name, email in PRACTITIONERS:
        practitioner_context = _context(browser)
        practitioner = practitioner_context.new_page()
        _accept_invitation(practitioner, _link_to(smtp_server, email, "/workshops/invitation/", live_server), email)
        _visit(practitioner, f"{base}/workshops/mine/")
        participant = Participant.objects.get(user__email=email)
        _visit(practitioner, f"{base}/workshops/mine/workshop/{workshop.pk}/briefing/")
        for number in (1, 2):
            _visit(practitioner, f"{base}/workshops/mine/{participant.pk}/worksheet/{number}/")
            for i, area in enumerate(practitioner.locator("main form textarea").all()):
                area.fill(f"Reflection {i + 1} on worksheet {number} (fictional)")
            if number == 1:
                practitioner.check("main input[name=confidentiality]")
            _press(practitioner, "Submit worksheet")
            _no_errors(practitioner)
        practitioner_context.close()
    assert Worksheet.objects.filter(participant__workshop=workshop, submitted_at__isnull=False).count() == 4

    # The workshop is recorded as held: both attended.
    for participant in Participant.objects.filter(workshop=workshop):
        _visit(page, f"{base}/workshops/{ref}/workshop/{workshop.pk}/attendance/{participant.pk}/")
        page.check("main input[name=attendance][value=attended]")
        _press(page)
        _no_errors(page)
    workshop.refresh_from_db()
    assert workshop.held_on == today

    # The review team member reads the worksheets without names (non-attributable).
    _visit(member_page, f"{base}/workshops/{ref}/worksheets/")
    html = member_page.content()
    assert "Reflection 1 on worksheet 1 (fictional)" in member_page.locator("main").inner_text()
    for name, email in PRACTITIONERS:
        for part in (name, *name.split(), email):
            assert part not in html, f"{part!r} is on the worksheets page"
    member_context.close()
