"""Reminders before due dates, when overdue and when a progress update is stale: received by a real
SMTP server exactly once per action and event, naming the case reference, action number and date,
never the child."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from cspr.accounts.roles import Role
from cspr.actionplans import actions
from cspr.actionplans.models import Rag, Reminder, ReminderKind
from cspr.actionplans.reminders import remind_actions
from cspr.actionplans.tasks import send_action_reminders
from cspr.outbox import sender
from cspr.outbox.kinds import MailKind
from cspr.outbox.models import Message
from tests.actionplans.helpers import add_action, plan_case
from tests.mail import SMTPServer
from tests.portal.conftest import body_of
from tests.world import World

pytestmark = pytest.mark.django_db


def test_due_overdue_and_stale_reminders_reach_the_mail_server_once_each(
    world: World, smtp_server: SMTPServer, django_capture_on_commit_callbacks: Any
) -> None:
    case = plan_case(world)
    soon = add_action(world, case, due=dt.date(2026, 12, 10))
    later = add_action(world, case, due=dt.date(2027, 3, 31))
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_actions() == 1  # 1 December: action 1 is due within 10 working days
        assert remind_actions() == 0  # once
    with time_machine.travel("2026-12-11 07:00 +0000", tick=False), django_capture_on_commit_callbacks(execute=True):
        assert send_action_reminders.call() == 1  # overdue
        assert remind_actions() == 0
    with time_machine.travel("2027-03-02 07:00 +0000", tick=False), django_capture_on_commit_callbacks(execute=True):
        # Ninety days without an update: both are stale (action 1 is also still overdue, told once).
        assert remind_actions() == 2
        assert remind_actions() == 0
        actions.record_progress(
            later,
            on=dt.date(2027, 3, 2),
            rag=Rag.AMBER,
            text="Under way",
            acting_user=world.user(Role.BUSINESS_MANAGER),
        )
        assert remind_actions() == 0  # the update is fresh
    sender.send_pending()
    received = smtp_server.wait_for(4)
    assert len(received) == 4
    subjects = sorted(str(m.message["Subject"]) for m in received)
    assert subjects == [
        "Action 1 due 10 December 2026: case HOME-2026-001",
        "Action 1 needs a progress update: case HOME-2026-001",
        "Action 1 overdue: case HOME-2026-001",
        "Action 2 needs a progress update: case HOME-2026-001",
    ]
    for message in received:
        body = body_of(message)
        assert "HOME-2026-001" in body
        assert "Testchild" not in body + str(message.message["Subject"])
        assert "school@test.invalid" in message.recipients  # the owning agency's mailbox
        assert world.user(Role.BUSINESS_MANAGER).email in message.recipients
    assert Message.objects.filter(kind=MailKind.ACTION_REMINDER).count() == 4
    assert set(Reminder.objects.filter(action=soon).values_list("kind", flat=True)) == {
        ReminderKind.DUE_SOON,
        ReminderKind.OVERDUE,
        ReminderKind.STALE,
    }


def test_a_closed_case_sends_no_reminder(world: World) -> None:
    case = plan_case(world)
    action = add_action(world, case, due=dt.date(2026, 11, 20))
    actions.carry_action(action, into="Another plan", reason="Moved", acting_user=world.user(Role.BUSINESS_MANAGER))
    case.refresh_from_db()
    assert case.action_plan_closed_date is not None
    assert remind_actions() == 0
