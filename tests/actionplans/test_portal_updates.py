"""Owners in agencies update their own actions through the agency portal (the ``action_update``
request kind): an agency sees and answers only its own requests (404 for another agency's), the
update and its evidence file reach the action once the coordinator accepts the return."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.actionplans import actions
from cspr.actionplans.models import Action, Rag
from cspr.portal.models import InformationRequest, RequestState, RequestType, Upload
from tests.actionplans.helpers import add_action, client_for, plan_case
from tests.portal.corpus import plain_docx
from tests.world import World

pytestmark = pytest.mark.django_db


def _ask(world: World, action: Action) -> InformationRequest:
    manager = client_for(world.user(Role.BUSINESS_MANAGER))
    url = reverse("actionplans:ask", args=[action.case.reference, action.number])
    response = manager.post(url, {"due_date-day": "15", "due_date-month": "12", "due_date-year": "2026"})
    assert response.status_code == 302, response.content.decode()[:3000]
    return InformationRequest.objects.get(request_type=RequestType.ACTION_UPDATE)


def test_an_agency_updates_its_own_action_with_evidence_and_the_coordinator_sees_it(world: World) -> None:
    case = plan_case(world)
    action = add_action(world, case)
    request = _ask(world, action)
    assert (request.agency, request.state, request.due_date) == (
        world.agencies["own"],
        RequestState.SENT,
        dt.date(2026, 12, 15),
    )
    # Asked once at a time.
    with pytest.raises(Exception, match="already been asked"):
        actions.request_update(action, due_date=dt.date(2026, 12, 20), acting_user=world.user(Role.BUSINESS_MANAGER))

    lead = client_for(world.agency_users["own"])
    other = client_for(world.agency_users["other"])
    overview = lead.get(reverse("portal:request", args=[request.pk])).content.decode()
    assert "Action 1: Introduce a voice-of-the-child prompt" in overview
    assert "Testchild" not in overview  # an update on the partnership's action shows no family
    assert "no involvement" not in overview
    section = reverse("portal:answer_section", args=[request.pk, "progress"])
    page = lead.get(section).content.decode()
    assert "Introduce a voice-of-the-child prompt" in page  # the action the agency is asked about
    # Another agency of the same partnership cannot see or answer it.
    assert other.get(reverse("portal:request", args=[request.pk])).status_code == 404
    assert other.post(section, {"version": "2", "progress": "forged", "rag": "G"}).status_code == 404

    request.refresh_from_db()
    response = lead.post(
        section,
        {
            "version": str(request.version),
            "progress": "Prompt live in every class (fictional)",
            "rag": "A",
            "actions_taken": "Recording system changed",
            "evidence_of_impact": "Audit: 18 of 20 records carry the child's words",
            "continue": "1",
        },
    )
    assert response.status_code == 302
    upload = lead.post(
        reverse("portal:upload", args=[request.pk]),
        {"kind": "attachment", "file": SimpleUploadedFile("audit-summary.docx", plain_docx())},
    )
    assert upload.status_code == 302
    # Rule 24's records secured belong to requests about the child's records, not to a progress update.
    check = lead.get(reverse("portal:check", args=[request.pk])).content.decode()
    assert "Securing the records" not in check
    assert "records_secured_by" not in check
    submitted = lead.post(reverse("portal:check", args=[request.pk]), {})
    assert submitted.status_code == 302
    request.refresh_from_db()
    assert (request.state, request.records_secured_on, request.kept_separate) == (RequestState.SUBMITTED, None, False)
    action.refresh_from_db()
    assert action.rag == Rag.PENDING  # nothing changes until the coordinator accepts the return

    manager = client_for(world.user(Role.BUSINESS_MANAGER))
    review = manager.get(reverse("portal:case_request", args=[case.reference, request.pk])).content.decode()
    assert "Amber" in review  # the return's RAG rating in words
    assert "Records secured" not in review
    accepted = manager.post(reverse("portal:review", args=[case.reference, request.pk]), {"decision": "accept"})
    assert accepted.status_code == 302
    action.refresh_from_db()
    assert (action.rag, action.evidence_of_impact, action.actions_taken) == (
        Rag.AMBER,
        "Audit: 18 of 20 records carry the child's words",
        "Recording system changed",
    )
    [update] = action.updates.all()
    assert update.request_id == request.pk
    page = manager.get(reverse("actionplans:action", args=[case.reference, action.number])).content.decode()
    assert "Amber" in page
    assert "audit-summary.docx" in page
    file = Upload.objects.get(request=request)
    assert manager.get(reverse("portal:case_download", args=[case.reference, request.pk, file.pk])).status_code == 200


def test_an_action_without_an_agency_or_closed_is_not_asked(world: World) -> None:
    case = plan_case(world)
    action = add_action(world, case, source="rapid-review", agency_key=None)
    manager = client_for(world.user(Role.BUSINESS_MANAGER))
    url = reverse("actionplans:ask", args=[case.reference, action.number])
    response = manager.post(url, {"due_date-day": "15", "due_date-month": "12", "due_date-year": "2026"})
    assert response.status_code == 400
    assert not InformationRequest.objects.filter(request_type=RequestType.ACTION_UPDATE).exists()
