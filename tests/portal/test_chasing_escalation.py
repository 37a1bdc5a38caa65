"""Chasing before and on the due date, and the three-step escalation ladder (§2.1.7), by email."""

from __future__ import annotations

import datetime as dt
import socket
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.outbox import sender
from cspr.outbox.kinds import MailKind
from cspr.outbox.models import Message, Status
from cspr.portal import escalation
from cspr.portal.chasing import chase_requests
from cspr.portal.models import Escalation, EscalationStep, InformationRequest, Reminder, ReminderKind
from tests.mail import SMTPServer
from tests.portal.conftest import body_of
from tests.world import World, make_user

# The world's request is sent on Tuesday 3 November 2026 and due on Tuesday 10 November.
MONDAY_9 = dt.datetime(2026, 11, 9, 8, 0, tzinfo=dt.UTC)
TUESDAY_10 = dt.datetime(2026, 11, 10, 8, 0, tzinfo=dt.UTC)
THURSDAY_12 = dt.datetime(2026, 11, 12, 9, 0, tzinfo=dt.UTC)


def _sweep(when: dt.datetime, django_capture_on_commit_callbacks) -> int:
    with time_machine.travel(when), django_capture_on_commit_callbacks(execute=True):
        return chase_requests()


@pytest.mark.django_db
def test_reminders_before_on_and_after_the_due_date_are_sent_once_each(
    world: World, sent: InformationRequest, smtp_server: SMTPServer, django_capture_on_commit_callbacks
) -> None:
    assert sent.due_date == dt.date(2026, 11, 10)
    assert _sweep(MONDAY_9, django_capture_on_commit_callbacks) == 1
    assert _sweep(MONDAY_9, django_capture_on_commit_callbacks) == 0  # idempotent per (request, kind, day)
    assert _sweep(TUESDAY_10, django_capture_on_commit_callbacks) == 1
    assert _sweep(THURSDAY_12, django_capture_on_commit_callbacks) == 1
    assert _sweep(THURSDAY_12 + dt.timedelta(days=1), django_capture_on_commit_callbacks) == 0
    kinds = list(Reminder.objects.order_by("day").values_list("kind", flat=True))
    assert kinds == [ReminderKind.BEFORE_DUE, ReminderKind.DUE_TODAY, ReminderKind.OVERDUE]
    # The request's own email, queued when it was sent, goes with the first reminder.
    messages = [m for m in smtp_server.wait_for(4) if not m.message["Subject"].startswith("Request for information")]
    assert len(messages) == 3
    for received in messages:
        body = body_of(received)
        assert "HOME-2026-001" in received.message["Subject"] + body
        assert "10 November 2026" in body
        assert "Testchild" not in body + received.message["Subject"]  # never the child's name
        assert "Testmother" not in body
        assert received.recipients == ["agency.own@test.invalid", "school@test.invalid"]


@pytest.mark.django_db
def test_a_reminder_is_not_recorded_as_sent_while_the_mail_server_is_down(
    world: World, sent: InformationRequest, smtp_server: SMTPServer, settings: Any, django_capture_on_commit_callbacks
) -> None:
    working = settings.MAILERS
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = int(s.getsockname()[1])
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed, "timeout": 2},
        }
    }
    assert _sweep(TUESDAY_10, django_capture_on_commit_callbacks) == 1
    reminder = Message.objects.get(kind=MailKind.AGENCY_REMINDER)
    assert reminder.status == Status.PENDING
    assert "ConnectionRefusedError" in reminder.last_error
    # Queued and audited as queued; nothing says it was sent.
    assert AuditEvent.objects.filter(action="portal.reminder_queued").count() == 1
    assert not AuditEvent.objects.filter(action__in=["portal.reminder_sent", "outbox.sent"]).exists()
    assert _sweep(TUESDAY_10, django_capture_on_commit_callbacks) == 0  # not queued twice
    client = Client()
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    page_url = reverse("portal:case_request", args=[sent.case.reference, sent.pk])
    assert "Reminder waiting to be sent: Due today" in client.get(page_url).content.decode()
    settings.MAILERS = working
    with time_machine.travel(TUESDAY_10 + dt.timedelta(minutes=6)):
        sender.send_pending()
        sender.send_pending()
    subjects = [m.message["Subject"] for m in smtp_server.wait_for(2)]
    assert subjects.count("Reminder: information due today for case HOME-2026-001") == 1
    reminder.refresh_from_db()
    assert reminder.status == Status.SENT
    assert AuditEvent.objects.filter(action="outbox.sent", object_id=str(reminder.pk)).count() == 1
    assert "Reminder sent: Due today" in client.get(page_url).content.decode()


@pytest.mark.django_db
def test_the_management_command_runs_the_sweep(world: World, sent: InformationRequest) -> None:
    with time_machine.travel(TUESDAY_10):
        call_command("chase_requests")
    assert Reminder.objects.filter(kind=ReminderKind.DUE_TODAY).count() == 1


@pytest.mark.django_db
def test_a_request_that_is_not_overdue_cannot_be_escalated(world: World, sent: InformationRequest) -> None:
    with time_machine.travel(TUESDAY_10), pytest.raises(ValidationError):
        escalation.escalate(sent, reason="No answer", acting_user=world.user(Role.BUSINESS_MANAGER))
    assert not Escalation.objects.exists()


@pytest.mark.django_db
def test_an_overdue_request_escalated_through_all_three_steps_by_email(
    world: World, sent: InformationRequest, smtp_server: SMTPServer, django_capture_on_commit_callbacks
) -> None:
    agency = world.agencies["own"]
    agency.strategic_lead_name = "Test Strategic Lead"
    agency.strategic_lead_email = "strategic@test.invalid"
    agency.save()
    world.home.contact_email = "cspr@home.test.invalid"
    world.home.save()
    extra_partner = make_user("la.lead@test.invalid", Role.PARTNER_LEAD, partnership=world.home)
    manager = world.user(Role.BUSINESS_MANAGER)
    client = Client()
    client.force_login(manager)
    url = reverse("portal:escalate", args=[sent.case.reference, sent.pk])
    expected = [
        (EscalationStep.CSPR_GROUP, {"cspr@home.test.invalid", "cspr_group_member@test.invalid"}),
        (EscalationStep.STRATEGIC_LEAD, {"strategic@test.invalid"}),
        (EscalationStep.PARTNERS, {"partner_lead@test.invalid", extra_partner.email}),
    ]
    with time_machine.travel(THURSDAY_12):
        page = client.get(url)
        assert page.status_code == 200
        assert "Next step: Referred to the CSPR group" in page.content.decode()
        for number, (step, recipients) in enumerate(expected, start=1):
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(url, {"reason": f"No reply after reminders (step {number})", "escalate": "1"})
            assert response.status_code == 302
            outcome = client.post(url, {"outcome": f"Outcome of step {number}: no reply", "record_outcome": "1"})
            assert outcome.status_code == 302
            received = [m for m in smtp_server.wait_for(number + 1) if m.message["Subject"].startswith("Escalation")]
            assert len(received) == number
            assert set(received[-1].recipients) == recipients
            body = body_of(received[-1])
            assert "HOME-2026-001" in body
            assert "Testchild" not in body
            assert Escalation.objects.get(request=sent, step=step).outcome == f"Outcome of step {number}: no reply"
    steps = list(Escalation.objects.filter(request=sent).order_by("id").values_list("step", "escalated_on"))
    assert steps == [(s, dt.date(2026, 11, 12)) for s, _ in expected]
    assert "Dear Test Strategic Lead" in Escalation.objects.get(step=EscalationStep.STRATEGIC_LEAD).letter
    assert escalation.next_step(sent) is None
    # Nothing left to escalate: a fourth attempt changes nothing.
    with time_machine.travel(THURSDAY_12):
        again = client.post(url, {"reason": "Again", "escalate": "1"})
    assert again.status_code == 400
    assert Escalation.objects.count() == 3
