"""The portal's pages through the test client: scoping, answering in two sittings, invitations."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.urls import reverse

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.portal import invitations
from cspr.portal.models import InformationRequest, Invitation, RequestState
from tests.mail import SMTPServer
from tests.portal.conftest import NOW, add_family, body_of
from tests.world import World


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_send_page_refuses_before_the_family_composition_and_then_sends(
    world: World, smtp_server: SMTPServer, django_capture_on_commit_callbacks
) -> None:
    case = world.cases["own"]
    client = _client(world.user(Role.BUSINESS_MANAGER))
    url = reverse("portal:send_scoping", args=[case.reference])
    data = {
        "agencies": [world.agencies["own"].pk, world.agencies["other"].pk],
        "case_summary": "Summary.",
        "time_period": "2024 to now",
    }
    with time_machine.travel(NOW):
        refused = client.post(url, data)
        assert refused.status_code == 400
        assert "Add at least one family member" in refused.content.decode()
        assert not InformationRequest.objects.exists()
        add_family(world)
        with django_capture_on_commit_callbacks(execute=True):
            sent = client.post(url, data)
    assert sent.status_code == 302
    assert InformationRequest.objects.filter(state=RequestState.SENT).count() == 2
    received = smtp_server.wait_for(2)
    assert len(received) == 2
    for message in received:
        body = body_of(message)
        assert re.search(r"/portal/requests/\d+/", body)
        assert "Testchild" not in body
        assert "Testmother" not in body
        assert "10 November 2026" in body


@pytest.mark.django_db
def test_agency_users_see_only_their_agencys_requests(world: World, sent: InformationRequest) -> None:
    other_request = InformationRequest.objects.create(
        case=sent.case,
        agency=world.agencies["other"],
        state=RequestState.SENT,
        answers={"summary_of_involvement": "GP secret"},
    )
    own = _client(world.agency_users["own"])
    home = own.get(reverse("portal:home")).content.decode()
    assert reverse("portal:request", args=[sent.pk]) in home
    assert reverse("portal:request", args=[other_request.pk]) not in home
    for name in ("portal:request", "portal:answer", "portal:check", "portal:upload", "portal:no_involvement"):
        assert own.get(reverse(name, args=[other_request.pk])).status_code == 404
    assert own.get(reverse("cases:detail", args=[sent.case.reference])).status_code == 404
    assert own.get(reverse("portal:case_requests", args=[sent.case.reference])).status_code == 404
    assert own.get(reverse("portal:collated", args=[sent.case.reference])).status_code == 404
    page = own.get(reverse("portal:request", args=[sent.pk])).content.decode()
    assert "GP secret" not in page
    assert "Testmother Example" in page  # the family composition to check


@pytest.mark.django_db
def test_answering_over_two_sittings_keeps_the_draft(world: World, sent: InformationRequest) -> None:
    client = _client(world.agency_users["own"])
    url = reverse("portal:answer_section", args=[sent.pk, "contact"])
    with time_machine.travel(NOW):
        first = client.get(url)
        assert first.status_code == 200
        saved = client.post(url, {"version": "1", "tracker_rows": "3", "contact_name": "Test Lead", "save": "1"})
        assert saved.status_code == 302
        assert InformationRequest.objects.get(pk=sent.pk).state == RequestState.OPENED
    second_client = _client(world.agency_users["own"])  # a new sitting
    with time_machine.travel(NOW + dt.timedelta(days=1)):
        again = second_client.get(url).content.decode()
        assert 'value="Test Lead"' in again
        stale = second_client.post(
            url, {"version": "1", "tracker_rows": "3", "contact_name": "Overwritten", "save": "1"}
        )
        assert stale.status_code == 400
        assert "Someone else in your agency saved this form" in stale.content.decode()
    assert InformationRequest.objects.get(pk=sent.pk).answers["contact_name"] == "Test Lead"


@pytest.mark.django_db
def test_coordinator_pages_render_with_a_bounded_number_of_queries(
    world: World, sent: InformationRequest, django_assert_max_num_queries: Any
) -> None:
    for agency in (world.agencies["other"],):
        InformationRequest.objects.create(
            case=sent.case, agency=agency, state=RequestState.SUBMITTED, answers={"analysis_of_practice": "Good"}
        )
    client = _client(world.user(Role.BUSINESS_MANAGER))
    reference = sent.case.reference
    for name in ("portal:case_requests", "portal:collated", "portal:tracker"):
        with django_assert_max_num_queries(25):
            assert client.get(reverse(name, args=[reference])).status_code == 200
    case_page = client.get(reverse("cases:detail", args=[reference])).content.decode()
    assert "Agency information requests" in case_page
    assert "Home Test School" in case_page
    collated = client.get(reverse("portal:collated", args=[reference])).content.decode()
    assert "Good" in collated


@pytest.mark.django_db
def test_an_invitation_link_carries_no_personal_data_works_once_and_expires(
    world: World, smtp_server: SMTPServer, django_capture_on_commit_callbacks
) -> None:
    manager = world.user(Role.BUSINESS_MANAGER)
    client = _client(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:invite", args=[world.agencies["own"].pk]),
            {"full_name": "New Lead", "email": "new.lead@test.invalid", "job_title": "DSL"},
        )
    assert response.status_code == 302
    [received] = smtp_server.wait_for(1)
    body = body_of(received)
    link = re.search(r"https?://\S+/portal/invitation/\S+/", body)
    assert link is not None
    token = link.group(0).rstrip("/").rsplit("/", 1)[-1]
    payload = signing.loads(token, salt=invitations.SALT)
    assert payload == {"i": Invitation.objects.get().pk}  # an id, nothing else
    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    anonymous = Client()
    weak = anonymous.post(f"/{path}", {"password1": "short", "password2": "short"})
    assert weak.status_code == 400
    assert "This password is too short" in weak.content.decode()
    made = anonymous.post(
        f"/{path}", {"password1": "correct horse battery staple", "password2": "correct horse battery staple"}
    )
    assert made.status_code == 302
    assert made["Location"] == reverse("mfa_activate_totp")
    user = User.objects.get(email="new.lead@test.invalid")
    assert (user.role, user.agency_id) == (Role.AGENCY_LEAD, world.agencies["own"].pk)
    assert Client().get(f"/{path}").status_code == 404  # single use
    later = invitations.invite_agency_lead(
        world.agencies["own"], email="later@test.invalid", full_name="Later", acting_user=manager
    )
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=8)):
        assert Client().get(reverse("portal:invitation", args=[invitations.token_for(later)])).status_code == 404
    assert Client().get(reverse("portal:invitation", args=["not-a-token"])).status_code == 404


@pytest.mark.django_db
def test_the_glance_warns_when_a_return_is_due_after_the_meeting(world: World, sent: InformationRequest) -> None:
    from cspr.portal.glance import glance_rows

    case = sent.case
    case.meeting_date = dt.date(2026, 11, 9)  # the return is due on 10 November
    case.save()
    [row] = glance_rows(case)
    assert row.after_meeting
    with time_machine.travel(NOW):
        page = _client(world.user(Role.BUSINESS_MANAGER)).get(reverse("portal:case_requests", args=[case.reference]))
    assert "After the meeting on 9 November 2026" in page.content.decode()


@pytest.mark.django_db
def test_the_action_tracker_is_kept_per_agency_and_collated_by_target_date(
    world: World, sent: InformationRequest
) -> None:
    from cspr.portal.models import LearningAction

    gp = InformationRequest.objects.create(case=sent.case, agency=world.agencies["other"], state=RequestState.SUBMITTED)
    LearningAction.objects.create(
        request=sent, number=1, learning_point="School point", target_date=dt.date(2027, 2, 1)
    )
    LearningAction.objects.create(
        request=gp, number=1, learning_point="GP point", target_date=dt.date(2027, 1, 1), rag="G"
    )
    page = _client(world.user(Role.BUSINESS_MANAGER)).get(reverse("portal:tracker", args=[sent.case.reference]))
    body = page.content.decode()
    collated = body[body.index("All agencies, by target date") :]
    assert collated.index("GP point") < collated.index("School point")
    assert "2 learning points: 0 red, 0 amber, 1 green, 1 not yet rated (P)" in body
    assert '<h2 class="govuk-heading-m">Home Test GP</h2>' in body


@pytest.mark.django_db
def test_a_business_manager_removes_a_leads_access(world: World) -> None:
    lead = world.agency_users["own"]
    manager = _client(world.user(Role.BUSINESS_MANAGER))
    page = manager.get(reverse("portal:agency", args=[world.agencies["own"].pk])).content.decode()
    assert lead.email in page
    response = manager.post(reverse("portal:disable_lead", args=[world.agencies["own"].pk, lead.pk]))
    assert response.status_code == 302
    lead.refresh_from_db()
    assert not lead.is_active
    other_agency_lead = world.agency_users["other"]
    wrong = manager.post(reverse("portal:disable_lead", args=[world.agencies["own"].pk, other_agency_lead.pk]))
    assert wrong.status_code == 404


@pytest.mark.django_db
def test_the_letter_carries_the_concrete_return_date(world: World, sent: InformationRequest) -> None:
    import io

    from docx import Document

    response = _client(world.agency_users["own"]).get(reverse("portal:document", args=[sent.pk, "letter"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "In this case this will be 10 November 2026." in text
    # Rendered by the documents engine and stored as a version addressed to the agency (issue 10 item 8).
    from cspr.documents.models import GeneratedDocument

    stored = GeneratedDocument.objects.get(case=sent.case, document_id="SCOPING_LETTER", agency=sent.agency)
    assert bytes(stored.content) == response.content


@pytest.mark.django_db
def test_management_pages_refuse_another_partnerships_agency_and_requests(
    world: World, sent: InformationRequest
) -> None:
    """A coordinator of "home" tries every management page on "away"'s agency and on a request of a
    case "home" has no part in, through its own case's address and through the other case's: 404."""
    manager = world.user(Role.BUSINESS_MANAGER)
    client = _client(manager)
    away_agency = world.agencies["away"]
    away_lead = User.objects.create_user(
        "away.lead@test.invalid", "a fictional password 2026", role=Role.AGENCY_LEAD, agency=away_agency
    )
    away_case = world.cases["other"]  # led by "away", no collaboration with "home"
    away_request = InformationRequest.objects.create(
        case=away_case, agency=away_agency, state=RequestState.SUBMITTED, answers={"analysis_of_practice": "Away"}
    )
    person = away_case.people.first()
    assert person is not None
    correction = away_request.corrections.create(person=person, field="ethnicity", proposed_value="Fictional")
    for url in (
        reverse("portal:agency", args=[away_agency.pk]),
        reverse("portal:invite", args=[away_agency.pk]),
        reverse("portal:disable_lead", args=[away_agency.pk, away_lead.pk]),
        reverse("portal:disable_lead", args=[world.agencies["own"].pk, away_lead.pk]),
    ):
        assert client.get(url).status_code in {404, 405}, url
        assert client.post(url, {"full_name": "X", "email": "x@test.invalid"}).status_code == 404, url
    for reference in (away_case.reference, sent.case.reference):
        for name, extra in (
            ("portal:case_request", []),
            ("portal:review", []),
            ("portal:escalate", []),
            ("portal:correction", [correction.pk]),
            ("portal:case_document", ["letter"]),
            ("portal:case_document", ["form"]),
        ):
            url = reverse(name, args=[reference, away_request.pk, *extra])
            assert client.post(url, {"decision": "accept", "reason": "x"}).status_code == 404, url
            if name != "portal:correction":
                assert client.get(url).status_code == 404, url
    for name in ("portal:send_scoping", "portal:collated", "portal:tracker", "portal:case_requests"):
        assert client.get(reverse(name, args=[away_case.reference])).status_code == 404, name
    away_lead.refresh_from_db()
    away_request.refresh_from_db()
    correction.refresh_from_db()
    assert away_lead.is_active
    assert away_request.state == RequestState.SUBMITTED
    assert correction.status == "proposed"
    assert not away_agency.invitations.exists()


def _request_page_queries(client: Client, sent: InformationRequest) -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("portal:case_request", args=[sent.case.reference, sent.pk]))
    assert page.status_code == 200
    return len(queries), sum(1 for q in queries if 'FROM "cases_person"' in q["sql"])


@pytest.mark.django_db
def test_a_requests_page_reads_the_family_once_whatever_its_size(world: World, sent: InformationRequest) -> None:
    """The page, the letter and the answers each list the family: one read (it was three), and the
    page's queries do not grow with the family or the agency's learning actions."""
    from cspr.portal.models import LearningAction

    client = _client(world.user(Role.BUSINESS_MANAGER))
    _request_page_queries(client, sent)  # the session's first page also records the sign-in's checks
    few, family_reads = _request_page_queries(client, sent)
    assert family_reads == 1
    for i in range(4):
        add_family(world)
        LearningAction.objects.create(request=sent, number=i + 1, learning_point=f"Test point {i}", action="Test")
    many, family_reads = _request_page_queries(client, sent)
    assert (many, family_reads) == (few, 1)
