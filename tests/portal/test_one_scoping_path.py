"""One scoping path, one set of dates (issue 11, C5, rule 22): the case page's send and the Rapid Review
page's send are the same action; the return date in the letters and the chasing emails is the one the
case's deadline list shows; the stage moves once; the Rapid Review page and the deadline list agree."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import docx
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.cases.models import AgencyInvolvement, Case, Stage
from cspr.deadlines.services import deadlines_for_case
from cspr.documents.engine import render
from cspr.organisations.models import ScopingReturnAnchor
from cspr.portal import chasing
from cspr.portal.clock import previous_working_day
from cspr.portal.models import InformationRequest
from cspr.portal.views_common import letter_paragraphs
from cspr.ui.formatting import format_date
from tests.mail import SMTPServer
from tests.portal.conftest import add_family
from tests.world import World

pytestmark = pytest.mark.django_db

# World cases: referral Monday 2 November 2026. The requests are sent on Tuesday 3 November; the page
# is used on Thursday 5 November (the coordinator records the send two days late).
SENT = dt.date(2026, 11, 3)
USED = dt.datetime(2026, 11, 5, 10, 0, tzinfo=dt.UTC)


def _client(world: World) -> Client:
    client = Client()
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    return client


def text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def _at_referral(case: Case) -> Case:
    Case.objects.filter(pk=case.pk).update(stage=Stage.REFERRAL)
    case.refresh_from_db()
    return case


def _case_return_date(case: Case) -> dt.date:
    due = {d.key: d for d in deadlines_for_case(case)}["scoping_return"].due
    assert due is not None
    return due


def _send_from_rapid_review_page(world: World, client: Client) -> None:
    case = world.cases["own"]
    response = client.post(
        reverse("rapidreview:scoping", args=[case.reference]),
        {
            "agencies": [world.agencies["own"].pk, world.agencies["other"].pk],
            "sent_date-day": str(SENT.day),
            "sent_date-month": str(SENT.month),
            "sent_date-year": str(SENT.year),
        },
    )
    assert response.status_code == 302, text(response)


def _send_from_portal_page(world: World, client: Client, agencies: tuple[Any, ...] = ()) -> None:
    case = world.cases["own"]
    response = client.post(
        reverse("portal:send_scoping", args=[case.reference]),
        {
            "agencies": [a.pk for a in agencies or (world.agencies["own"], world.agencies["other"])],
            "case_summary": "A fictional summary.",
            "time_period": "From birth to the incident.",
        },
    )
    assert response["Location"] == reverse("portal:case_requests", args=[case.reference])


@pytest.mark.parametrize("anchor", [ScopingReturnAnchor.SENT, ScopingReturnAnchor.REFERRAL])
def test_the_rapid_review_page_send_gives_the_agencies_the_date_the_case_shows(
    world: World, smtp_server: SMTPServer, anchor: str, django_capture_on_commit_callbacks: Any
) -> None:
    world.home.scoping_return_anchor = anchor
    world.home.save()
    case = _at_referral(world.cases["own"])
    add_family(world)
    client = _client(world)
    with time_machine.travel(USED, tick=False):
        _send_from_rapid_review_page(world, client)
        case.refresh_from_db()
        assert case.stage == Stage.SCOPING
        assert case.scoping_sent_date == SENT
        shown = _case_return_date(case)
        # C5: sent + 5 working days (10 November), or referral + 5 working days (9 November).
        assert shown == (dt.date(2026, 11, 10) if anchor == ScopingReturnAnchor.SENT else dt.date(2026, 11, 9))
        requests = list(InformationRequest.objects.filter(case=case))
        assert len(requests) == 2
        for request in requests:
            assert request.due_date == shown
            # Document 2a, the letter each agency reads.
            assert f"In this case this will be {format_date(shown)}." in letter_paragraphs(request)["deadline"]
        case_page = text(client.get(reverse("cases:detail", args=[case.reference])))
        assert format_date(shown) in case_page
        # Documents 2 and 2a generated from the case carry the same date.
        for document_id in ("SCOPING_LETTER", "SCOPING_TEMPLATE"):
            assert format_date(shown) in _docx_text(render(document_id, case)), document_id
    # The chasing email on the working day before the return date names the same date.
    day_before = previous_working_day(case.lead_partnership_id, shown)
    with (
        time_machine.travel(dt.datetime.combine(day_before, dt.time(7), tzinfo=dt.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert chasing.chase_requests(day_before) == 2
    # The requests themselves went out when they were sent (the outbox): read only the chasing emails.
    received = [m for m in smtp_server.wait_for(4) if m.message["Subject"].startswith("Reminder")]
    assert len(received) == 2
    for message in received:
        assert format_date(shown) in message.message.get_content()


def test_the_portal_send_moves_the_stage_and_the_rapid_review_page_agrees(world: World) -> None:
    case = _at_referral(world.cases["own"])
    add_family(world)
    client = _client(world)
    with time_machine.travel(USED, tick=False):
        _send_from_portal_page(world, client)
        case.refresh_from_db()
        assert case.stage == Stage.SCOPING
        assert case.scoping_sent_date == USED.date()
        shown = _case_return_date(case)
        assert set(InformationRequest.objects.filter(case=case).values_list("due_date", flat=True)) == {shown}
        assert set(
            AgencyInvolvement.objects.filter(case=case, scoping_requested=True).values_list("agency", flat=True)
        ) == {world.agencies["own"].pk, world.agencies["other"].pk}
        overview = text(client.get(reverse("rapidreview:overview", args=[case.reference])))
        assert "No agencies chosen yet" not in overview
        assert f"Sent on {format_date(USED.date())} to:" in overview
        assert world.agencies["own"].name in overview
        deadlines = {d.key: d for d in deadlines_for_case(case)}
        assert deadlines["scoping_send"].state_label == f"Met on {format_date(USED.date())}"


def test_sending_twice_moves_the_stage_once_and_keeps_the_first_date(world: World) -> None:
    case = _at_referral(world.cases["own"])
    add_family(world)
    client = _client(world)
    with time_machine.travel(USED, tick=False):
        client.post(
            reverse("rapidreview:scoping", args=[case.reference]),
            {
                "agencies": [world.agencies["own"].pk],
                "sent_date-day": str(SENT.day),
                "sent_date-month": str(SENT.month),
                "sent_date-year": str(SENT.year),
            },
        )
        first_return = _case_return_date(Case.objects.get(pk=case.pk))
    later = dt.datetime(2026, 11, 9, 10, 0, tzinfo=dt.UTC)
    with time_machine.travel(later, tick=False):
        _send_from_portal_page(
            world, _client(world), (world.agencies["other"],)
        )  # a new sign-in: sessions end  # "other" is added; "own" keeps its request
    case.refresh_from_db()
    assert case.scoping_sent_date == SENT
    assert case.stage == Stage.SCOPING
    stage_moves = [
        e
        for e in AuditEvent.objects.filter(action="portal.send_scoping_requests")
        if e.before["stage"] != e.after["stage"]
    ]
    assert len(stage_moves) == 1
    own = InformationRequest.objects.get(case=case, agency=world.agencies["own"])
    other = InformationRequest.objects.get(case=case, agency=world.agencies["other"])
    assert own.due_date == first_return == _case_return_date(case)
    # An agency added later has its own five working days from the day it was asked (C5).
    assert other.due_date == dt.date(2026, 11, 16)


def test_a_send_date_in_the_future_or_before_the_referral_is_refused(world: World) -> None:
    case = _at_referral(world.cases["own"])
    add_family(world)
    client = _client(world)
    with time_machine.travel(USED, tick=False):
        for day in (dt.date(2026, 11, 6), dt.date(2026, 10, 30)):
            response = client.post(
                reverse("rapidreview:scoping", args=[case.reference]),
                {
                    "agencies": [world.agencies["own"].pk],
                    "sent_date-day": str(day.day),
                    "sent_date-month": str(day.month),
                    "sent_date-year": str(day.year),
                },
            )
            assert response.status_code == 400
            assert "govuk-error-summary" in response.content.decode()
    assert not InformationRequest.objects.exists()
    case.refresh_from_db()
    assert case.scoping_sent_date is None
