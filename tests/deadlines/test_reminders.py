"""Reminder emails through a real SMTP server on loopback: planned once, sent once, retried."""

from __future__ import annotations

import datetime as dt
import socket
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.cases.models import CaseMembership, MembershipRole
from cspr.deadlines import reminders
from cspr.deadlines.tasks import sweep_deadlines
from cspr.outbox import sender
from cspr.outbox.kinds import MailKind
from cspr.outbox.models import Message, Status
from tests.mail import SMTPServer
from tests.world import World

# World cases: aware = referral = Monday 2 November 2026. On Tuesday 17 November the scoping send
# (due 4 Nov) and returns (due 11 Nov) are overdue and the meeting window closes in 2 working days.
TUESDAY = dt.date(2026, 11, 17)
MONDAY = dt.date(2026, 11, 16)


def at(day: dt.date) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 7, 0, tzinfo=dt.UTC), tick=True)


def test_reminders_name_the_case_and_deadline_never_the_child(world: World, smtp_server: SMTPServer) -> None:
    with at(TUESDAY):
        result = reminders.sweep(TUESDAY)
    rows = Message.objects.all()
    assert result["planned"] == rows.count() == result["sent"] == 9  # 3 reminders × 3 open cases
    received = smtp_server.wait_for(9)
    assert len(received) == 9
    own = [r for r in received if r.message["Subject"].startswith("HOME-2026-001")]
    assert sorted(" ".join(r.message["Subject"].split()) for r in own) == [
        "HOME-2026-001: Agencies return the scoping templates – overdue",
        "HOME-2026-001: Hold the Rapid Review meeting – due in 2 working days",
        "HOME-2026-001: Send the scoping templates to all relevant agencies – overdue",
    ]
    assert all(r.recipients == ["business_manager@test.invalid"] for r in own)
    for r in received:
        body = r.message.get_content()
        assert "Testchild" not in body
        assert "Testchild" not in r.message["Subject"]
        assert "/cases/" in body
    assert len({r.message["Message-ID"] for r in received}) == 9
    # The away partnership's manager gets the reminders of the cases their partnership leads.
    assert sum(1 for r in received if r.recipients == ["away.manager@test.invalid"]) == 6


def test_running_the_sweep_again_sends_nothing_twice(world: World, smtp_server: SMTPServer) -> None:
    with at(TUESDAY):
        reminders.sweep(TUESDAY)
        again = reminders.sweep(TUESDAY)
    assert again == {"planned": 0, "sent": 0, "failed": 0}
    assert len(smtp_server.wait_for(10, timeout=1)) == 9


def test_due_today_and_weekly_overdue_reminders(world: World, smtp_server: SMTPServer) -> None:
    keys: dict[dt.date, set[str]] = {}
    for day in (dt.date(2026, 11, 19), dt.date(2026, 11, 20), dt.date(2026, 11, 23), dt.date(2026, 11, 27)):
        with at(day):
            reminders.plan(day)
        keys[day] = {
            f"{r.meta['deadline_key']}:{r.kind.split('.')[-1]}"
            for r in Message.objects.filter(meta__day=day.isoformat(), case=world.cases["own"])
        }
    assert "meeting:due_today" in keys[dt.date(2026, 11, 19)]
    assert "meeting:overdue" in keys[dt.date(2026, 11, 20)]
    # Weekly: the scoping overdue reminder first went out on 5 Nov, then every 7 days (19, 26 Nov).
    slots = sorted(
        r.meta["day"] for r in Message.objects.filter(case=world.cases["own"], meta__deadline_key="scoping_send")
    )
    assert slots == ["2026-11-19", "2026-11-26"]
    # The Rapid Review is due on 23 Nov: the aware-anchored date is chased, not the referral one.
    assert "rapid_review_from_aware:due_today" in keys[dt.date(2026, 11, 23)]
    assert not Message.objects.filter(meta__deadline_key="rapid_review_from_referral").exists()


def test_responsible_lead_reviewer_is_told_about_the_rapid_review(world: World, smtp_server: SMTPServer) -> None:
    day = dt.date(2026, 11, 23)
    with at(day):
        reminders.plan(day)
    row = Message.objects.get(case=world.cases["own"], meta__deadline_key="rapid_review_from_aware")
    assert row.recipients == ["business_manager@test.invalid", "lead_reviewer@test.invalid"]
    assert CaseMembership.objects.filter(role=MembershipRole.LEAD_REVIEWER).count() == 1


def test_monday_digest_per_user(world: World, smtp_server: SMTPServer) -> None:
    with at(MONDAY):
        reminders.sweep(MONDAY)
    digests = Message.objects.filter(kind=MailKind.DEADLINE_DIGEST)
    assert sorted(r for row in digests for r in row.recipients) == [
        "away.manager@test.invalid",
        "business_manager@test.invalid",
    ]
    mail = [r for r in smtp_server.wait_for(1) if r.recipients == ["business_manager@test.invalid"]]
    digest = next(r for r in mail if r.message["Subject"].startswith("Your statutory deadlines"))
    body = digest.message.get_content()
    assert "HOME-2026-001: Send the scoping templates to all relevant agencies – overdue" in body
    # Reminders go to the lead partnership's managers: a collaborating case is the other partnership's to chase.
    assert "AWAY-2026-002" not in body
    assert "Testchild" not in body
    with at(TUESDAY):
        reminders.plan(TUESDAY)
    assert Message.objects.filter(kind=MailKind.DEADLINE_DIGEST).count() == 2  # Mondays only


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_failed_sends_are_retried_then_shown_to_administrators(world: World, settings: Any) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": _closed_port(), "timeout": 2},
        }
    }
    with at(TUESDAY) as traveller:
        first = reminders.sweep(TUESDAY)
        assert first["failed"] == 9
        row = Message.objects.filter(case=world.cases["own"]).first()
        assert row is not None
        assert row.status == Status.PENDING
        assert row.attempts == 1
        assert "ConnectionRefusedError" in row.last_error
        assert sender.send_pending() == {"sent": 0, "failed": 0}  # backing off
        for _ in range(5):
            traveller.shift(dt.timedelta(hours=3))
            sender.send_pending()
    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert row.attempts == sender.MAX_ATTEMPTS
    client = Client()
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    page = client.get(reverse("deadlines:outbox")).content.decode()
    assert row.subject in page
    assert "ConnectionRefusedError" in page


def test_a_worker_killed_while_sending_leaves_a_visible_failure_not_a_duplicate(world: World) -> None:
    row = Message.objects.create(
        key="k",
        partnership=world.home,
        kind=MailKind.DEADLINE_DIGEST,
        subject="s",
        body="b",
        status=Status.SENDING,
        claimed_at=dt.datetime(2026, 11, 17, 7, 0, tzinfo=dt.UTC),
    )
    sender.send_pending(now=dt.datetime(2026, 11, 17, 8, 0, tzinfo=dt.UTC))
    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert "stopped while sending" in row.last_error


@pytest.mark.django_db(transaction=True)
def test_scheduler_enqueues_a_sweep_the_worker_runs(world: World, smtp_server: SMTPServer, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    out = StringIO()
    call_command("run_scheduler", "--once", "--today", TUESDAY.isoformat(), stdout=out)
    assert "Enqueued cspr.deadlines.tasks.sweep_deadlines" in out.getvalue()
    assert "Enqueued cspr.portal.tasks.chase_agency_requests" in out.getvalue()
    call_command("run_scheduler", "--once", "--today", TUESDAY.isoformat(), stdout=out)
    assert "already waiting" in out.getvalue()
    assert DBTaskResult.objects.filter(task_path=sweep_deadlines.module_path).count() == 1
    with at(TUESDAY):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--verbosity", "0")
    assert len(smtp_server.wait_for(9)) == 9
    assert Message.objects.filter(status=Status.SENT).count() == 9
    # Each was audited as sent once, after the SMTP server accepted it.
    assert AuditEvent.objects.filter(action="outbox.sent").count() == 9


def test_scheduler_refuses_a_bad_date() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="must be a date") as caught:
        call_command("run_scheduler", "--once", "--today", "2026-13-01")
    assert caught.value.returncode == 2
