"""The portal's other pages in Chromium, each checked with axe-core: hostile upload refused with an
error summary, no involvement, escalation of an overdue request, agency management."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cspr.accounts.roles import Role
from cspr.portal import actions
from cspr.portal.models import Escalation, InformationRequest, RequestState, Upload
from tests.browser.harness import assert_accessible, sign_in
from tests.portal import corpus
from tests.portal.conftest import add_family
from tests.world import World

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_agency_pages_refuse_a_macro_upload_and_take_a_nil_return(world: World, live_server: Any, page: Any) -> None:
    add_family(world)
    [request] = actions.send_scoping_requests(
        world.cases["own"], [world.agencies["own"]], acting_user=world.user(Role.BUSINESS_MANAGER)
    )
    sign_in(page, live_server, world.agency_users["own"])
    page.goto(f"{live_server.url}/portal/requests/{request.pk}/upload/")
    assert_accessible(page)
    page.get_by_label("A supporting document (Word, Excel or PDF)").check()
    page.set_input_files(
        "input[name=file]",
        {"name": "minutes.docx", "mimeType": "application/octet-stream", "buffer": corpus.macro_document()},
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Upload file").click()
    summary = page.locator(".govuk-error-summary")
    assert "contains macros" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    assert Upload.objects.count() == 0
    page.goto(f"{live_server.url}/portal/requests/{request.pk}/no-involvement/")
    assert_accessible(page)
    page.fill("textarea[name=statement]", "We have no record of the child or the family members named.")
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm no involvement").click()
    assert_accessible(page)
    assert InformationRequest.objects.get(pk=request.pk).state == RequestState.NO_INVOLVEMENT


@pytest.mark.django_db(transaction=True)
def test_coordinator_escalates_an_overdue_request_and_manages_agency_leads(
    world: World, live_server: Any, page: Any
) -> None:
    add_family(world)
    manager = world.user(Role.BUSINESS_MANAGER)
    [request] = actions.send_scoping_requests(world.cases["own"], [world.agencies["own"]], acting_user=manager)
    InformationRequest.objects.filter(pk=request.pk).update(due_date=dt.date.today() - dt.timedelta(days=3))
    sign_in(page, live_server, manager)
    page.goto(f"{live_server.url}/")
    assert "Overdue agency requests" in page.inner_text("main")
    assert_accessible(page)
    page.goto(f"{live_server.url}/cases/{request.case.reference}/")
    assert "Overdue" in page.inner_text("main")
    assert_accessible(page)
    page.goto(f"{live_server.url}/portal/case/{request.case.reference}/requests/{request.pk}/escalate/")
    assert_accessible(page)
    page.fill("textarea[name=reason]", "No reply after two reminders.")
    with page.expect_navigation():
        page.get_by_role("button", name="Escalate and send the letter").click()
    assert Escalation.objects.filter(request=request).count() == 1
    assert_accessible(page)
    page.goto(f"{live_server.url}/portal/case/{request.case.reference}/scoping/send/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/portal/agencies/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/portal/agencies/{world.agencies['own'].pk}/")
    assert_accessible(page)
    page.fill("input[name=strategic_lead_email]", "not an email")
    with page.expect_navigation():
        page.get_by_role("button", name="Save strategic lead").click()
    assert "Enter an email address in the correct format" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
