"""The reminder that the CSPR group's next review of progress is due: to the business manager, once,
through the outbox and a real SMTP server, whatever the number of sweeps."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.dissemination import actions, tasks
from cspr.dissemination.models import ProgressReport
from cspr.outbox.models import Message
from tests.dissemination.helpers import manager
from tests.mail import SMTPServer
from tests.world import World

pytestmark = pytest.mark.django_db


def _reviewed(world: World) -> ProgressReport:
    with time_machine.travel("2026-11-16 10:00 +0000", tick=False):
        report = actions.generate_report(world.home, acting_user=manager(world))
        return actions.record_review(
            report,
            reviewed_on=dt.date(2026, 11, 16),
            reviewed_by="Test CSPR group",
            conclusions="Health actions behind (fictional).",
            next_review_date=dt.date(2027, 2, 16),
            acting_user=manager(world),
        )


def test_the_reminder_goes_once_when_the_next_review_falls_due(
    world: World, smtp_server: SMTPServer, django_capture_on_commit_callbacks: Any
) -> None:
    report = _reviewed(world)
    with time_machine.travel("2027-02-15 07:00 +0000", tick=False):
        assert actions.remind_due_reviews() == 0  # not due yet
    for day in ("2027-02-16 07:00 +0000", "2027-02-16 15:00 +0000", "2027-02-17 07:00 +0000"):
        with time_machine.travel(day, tick=False), django_capture_on_commit_callbacks(execute=True):
            tasks.remind_progress_reviews.call()
    received = smtp_server.wait_for(1)
    assert len(received) == 1
    mail = received[0]
    assert mail.recipients == [world.user(Role.BUSINESS_MANAGER).email]
    assert mail.message["Subject"] == "The CSPR group's review of progress is due on 16 February 2027"
    part = mail.message.get_body()
    assert part is not None
    body = part.get_content()
    assert "/dissemination/progress/" in body
    assert "Testchild" not in body  # routine: no child, no case content
    report.refresh_from_db()
    assert report.reminded_on == dt.date(2027, 2, 16)
    assert Message.objects.filter(kind="dissemination.review_due").count() == 1
    assert AuditEvent.objects.filter(action="dissemination.remind_review", partnership_id=world.home.pk).count() == 1


def test_no_reminder_once_a_later_report_is_generated_or_for_an_unreviewed_one(
    world: World, smtp_server: SMTPServer, django_capture_on_commit_callbacks: Any
) -> None:
    _reviewed(world)
    with time_machine.travel("2027-02-10 10:00 +0000", tick=False):
        actions.generate_report(world.home, acting_user=manager(world))  # the next audit started early
    with time_machine.travel("2027-02-20 07:00 +0000", tick=False), django_capture_on_commit_callbacks(execute=True):
        assert actions.remind_due_reviews() == 0
    assert smtp_server.wait_for(1, timeout=1) == []


def test_the_sweep_is_a_periodic_task(settings: Any) -> None:
    assert "cspr.dissemination.tasks.remind_progress_reviews" in settings.PERIODIC_TASKS
