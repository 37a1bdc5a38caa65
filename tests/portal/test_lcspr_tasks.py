"""The "Information from agencies" section of the LCSPR page, and the letters' deadlines."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.documents import engine
from cspr.portal import actions
from cspr.portal.models import InformationRequest, RequestState, RequestType
from cspr.portal.tasks_lcspr import information_from_agencies
from tests.documents.helpers import docx_text
from tests.portal.lcspr_helpers import NOW, client_for, commission, send
from tests.world import World


def _queries(world: World) -> int:
    request = RequestFactory().get("/")
    request.user = world.user(Role.BUSINESS_MANAGER)
    case = world.cases["own"]
    with CaptureQueriesContext(connection) as captured:
        information_from_agencies(request, case)
    return len(captured.captured_queries)


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_section_counts_each_kind_in_a_fixed_number_of_queries(world: World) -> None:
    case = commission(world)
    chronology = send(world, RequestType.CHRONOLOGY)
    few = _queries(world)
    report = send(world, RequestType.INFORMATION_REPORT)
    send(world, RequestType.INFORMATION_REPORT, agency="other")
    send(world, RequestType.LEARNING_TEMPLATE)
    InformationRequest.objects.filter(pk=chronology.pk).update(state=RequestState.SUBMITTED)
    actions.save_draft(
        report,
        {
            "author_name": "A",
            "author_role": "B",
            "author_contact": "C",
            "date_completed": "2026-12-07",
            "author_independent": "yes",
            "signed_off_name": "D",
            "signed_off_role": "E",
            "signed_off_on": "2026-12-07",
        },
        None,
        acting_user=world.agency_users["own"],
    )
    actions.submit_return(
        report,
        records_secured_on=NOW.date(),
        records_secured_by="A",
        kept_separate=True,
        acting_user=world.agency_users["own"],
    )
    assert _queries(world) == few
    page = client_for(world.user(Role.BUSINESS_MANAGER)).get(reverse("lcspr:overview", args=[case.reference]))
    text = page.content.decode()
    assert "Information from agencies" in text
    assert "Agency chronologies" in text
    assert "1 request sent, 1 waiting for review" in text
    assert "2 requests sent, 0 waiting for review, 1 returned incomplete" in text


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_letters_give_the_deadline_the_requests_were_sent_with(world: World) -> None:
    case = commission(world)
    send(world, RequestType.CHRONOLOGY)
    send(world, RequestType.INFORMATION_REPORT)
    for document_id in ("CHRONOLOGY_REQUEST_LETTER", "INFORMATION_REPORT_REQUEST_LETTER"):
        text = docx_text(engine.render(document_id, case, agency=world.agencies["own"]))
        assert "15 January 2027" in text, document_id
        assert "[insert deadline]" not in text, document_id
