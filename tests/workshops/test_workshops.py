"""Themes, the workshop's arrangements (rule 59), the Worksheet 1 reminder by email, the LCSPR
page's "Analysis and workshops" tasks and the demo."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.chronology.models import ChronologyEntry
from cspr.outbox import sender
from cspr.outbox.kinds import MailKind
from cspr.outbox.models import Message, Status
from cspr.rapidreview.models import RapidReviewRecord
from cspr.workshops import actions
from cspr.workshops.models import Attendance, KeyTheme, Participant, Worksheet, Workshop
from cspr.workshops.reminders import remind_worksheets
from tests.mail import SMTPServer
from tests.portal.conftest import body_of
from tests.workshops.helpers import WorkshopFixture, commission, nominate, workshop_fixture
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def fx(world: World) -> WorkshopFixture:
    commission(world.cases["own"])
    return workshop_fixture(world, world.cases["own"])


def _client(world: World, role: Role) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world.user(role))
    return client


def test_a_theme_is_tied_to_kloes_and_chronology_events(world: World) -> None:
    case = world.cases["own"]
    commission(case)
    RapidReviewRecord.objects.create(case=case, kloes="Was the child seen?\nWere new adults known?")
    entry = ChronologyEntry.objects.create(
        case=case,
        agency=world.agencies["own"],
        date_text="02/03/2024",
        date_from=dt.date(2024, 3, 2),
        date_to=dt.date(2024, 3, 2),
        source="School log",
        key_event="Missed two weeks of school (fictional)",
        key_learning_event=True,
    )
    client = _client(world, Role.LEAD_REVIEWER)
    add = reverse("workshops:theme_add", args=[case.reference])
    page = client.get(add).content.decode()
    assert "Was the child seen?" in page
    assert "Missed two weeks of school" in page
    response = client.post(
        add,
        {"title": "Seeing the child (fictional)", "kloes": ["Was the child seen?"], "entries": [str(entry.pk)]},
    )
    assert response.status_code == 302
    theme = KeyTheme.objects.get(case=case)
    assert theme.kloes == ["Was the child seen?"]
    assert list(theme.entries.all()) == [entry]
    # A KLOE that is not the case's is refused (a forged POST); what was typed is kept.
    response = client.post(add, {"title": "Forged", "kloes": ["Not a KLOE"]})
    assert response.status_code == 400
    assert 'value="Forged"' in response.content.decode()
    with pytest.raises(ValidationError):
        actions.save_theme(
            case,
            None,
            title="Forged",
            description="",
            kloes=["Not a KLOE"],
            entry_ids=[],
            acting_user=world.user(Role.LEAD_REVIEWER),
        )
    listing = _client(world, Role.SCRUTINEER).get(reverse("workshops:themes", args=[case.reference])).content.decode()
    assert "Seeing the child" in listing
    assert "Missed two weeks of school" in listing
    assert reverse("workshops:theme_add", args=[case.reference]) not in listing  # read-only: no link
    assert _client(world, Role.SCRUTINEER).post(add, {"title": "X"}).status_code == 403


def test_rule_59_lengths_and_notice_are_warnings(world: World) -> None:
    assert actions.length_warnings(mode="virtual", hours=3.0, complex_case=False) == []
    assert actions.length_warnings(mode="virtual", hours=6.0, complex_case=False)
    assert actions.length_warnings(mode="face_to_face", hours=3.25, complex_case=False) == []
    assert "a full day" in actions.length_warnings(mode="face_to_face", hours=3.25, complex_case=True)[0]
    case = world.cases["own"]
    commission(case)
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC), tick=False):
        workshop = actions.save_workshop(
            case,
            None,
            values={
                "mode": "face_to_face",
                "date": dt.date(2026, 12, 22),
                "start_time": dt.time(9, 45),
                "end_time": dt.time(13),
                "venue": "Room (fictional)",
                "notice_target_working_days": 15,
            },
            acting_user=world.user(Role.BUSINESS_MANAGER),
        )
        assert actions.notice_warning(workshop, dt.date(2026, 11, 30)) == ""  # 16 working days
        workshop.notice_target_working_days = 20
        assert "16 working days before the workshop; the target is 20" in actions.notice_warning(
            workshop, dt.date(2026, 11, 30)
        )
        with pytest.raises(ValidationError):
            actions.save_workshop(
                case,
                workshop,
                values={
                    "mode": "virtual",
                    "date": dt.date(2026, 12, 22),
                    "start_time": dt.time(12),
                    "end_time": dt.time(9),
                    "venue": "x",
                },
                acting_user=world.user(Role.BUSINESS_MANAGER),
            )


def test_worksheet_1_reminder_reaches_a_real_mail_server_once_without_names(
    world: World, fx: WorkshopFixture, smtp_server: SMTPServer, django_capture_on_commit_callbacks
) -> None:
    # The workshop is on Tuesday 15 December 2026; reminders start 3 working days before it.
    too_early = dt.datetime(2026, 12, 8, 7, tzinfo=dt.UTC)
    in_window = dt.datetime(2026, 12, 10, 7, tzinfo=dt.UTC)
    with time_machine.travel(too_early, tick=False):
        assert remind_worksheets() == 0
    assert fx.other.user is not None
    with time_machine.travel(in_window, tick=False):
        # One practitioner has already submitted Worksheet 1: no reminder for them.
        actions.save_worksheet(
            fx.other,
            1,
            answers={q: "x" for q in ("role", "key_issues", "worked_well", "problems", "reflections")}
            | {"confidentiality": "on"},
            submit=True,
            acting_user=fx.other.user,
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert remind_worksheets() == 1
            assert remind_worksheets() == 0  # once
        sender.send_pending()
    [received] = [m for m in smtp_server.wait_for(1) if "Worksheet 1" in m.message["Subject"]]
    body = body_of(received)
    assert received.recipients == [fx.participant.user.email]  # type: ignore[union-attr]
    assert "HOME-2026-001" in received.message["Subject"]
    assert "15 December 2026" in body
    assert reverse("workshops:mine") in body
    for private in ("Quentin", "Firstpractitioner", "Testchild", "Practitioner K"):
        assert private not in body + received.message["Subject"]
    assert Message.objects.get(kind=MailKind.WORKSHEET_REMINDER).status == Status.SENT
    with time_machine.travel(dt.datetime(2026, 12, 15, 7, tzinfo=dt.UTC), tick=False):
        assert remind_worksheets() == 0  # the day itself: too late to remind


def test_the_task_list_runs_a_fixed_number_of_queries(world: World, fx: WorkshopFixture) -> None:
    case = world.cases["own"]
    client = _client(world, Role.LEAD_REVIEWER)
    url = reverse("lcspr:overview", args=[case.reference])
    client.get(url)  # the session's first request checks the second factor once
    with CaptureQueriesContext(connection) as small:
        page = client.get(url).content.decode()
    assert "Analysis and workshops" in page
    assert reverse("workshops:team_worksheets", args=[case.reference]) in page
    for i in range(6):
        KeyTheme.objects.create(case=case, title=f"Theme {i}")
        n = nominate(case, f"Extra {i}", f"extra{i}@test.invalid")
        p = Participant.objects.create(workshop=fx.workshop, nomination=n, pseudonym=f"Practitioner Z{i}")
        for number in (1, 2, 3):
            Worksheet.objects.create(participant=p, number=number, submitted_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
        Participant.objects.filter(pk=p.pk).update(attendance=Attendance.ATTENDED)
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()
    assert "18 worksheets in" in page
    assert len(large) == len(small)
    # The business manager sees the section too, without the team's links.
    manager_page = _client(world, Role.BUSINESS_MANAGER).get(url).content.decode()
    assert "read by the review team only" in manager_page
    assert reverse("workshops:team_worksheets", args=[case.reference]) not in manager_page


def test_the_demo_has_a_held_workshop_with_two_practitioners_worksheets(demo_world: None) -> None:
    counts = (KeyTheme.objects.count(), Participant.objects.count(), Worksheet.objects.count())
    call_command("seed_demo")
    assert (KeyTheme.objects.count(), Participant.objects.count(), Worksheet.objects.count()) == counts
    case = Case.objects.get(reference="DEMO-7")
    assert KeyTheme.objects.filter(case=case).count() == 2
    workshop = Workshop.objects.get(case=case)
    assert workshop.held_on is not None
    assert workshop.date < dt.date.today()
    emails = set(Participant.objects.filter(workshop=workshop).values_list("user__email", flat=True))
    assert emails == {"practitioner1@demo.cspr.invalid", "practitioner2@demo.cspr.invalid"}
    submitted = Worksheet.objects.filter(participant__workshop=workshop, submitted_at__isnull=False)
    assert sorted(submitted.values_list("number", flat=True)) == [1, 1, 2, 2, 3, 3]
    assert case.workshop_nominations.filter(direct_involvement=False).exists()
