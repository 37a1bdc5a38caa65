"""The daily sweep counts newly due records to the data protection contact: counts only, exactly once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from cspr.outbox.kinds import MailKind
from cspr.outbox.models import Message
from cspr.retention import actions
from cspr.retention.models import RetentionSettings
from cspr.retention.tasks import notify_due_records
from tests.retention.helpers import close, fill, manager
from tests.world import World


@pytest.mark.django_db
def test_newly_due_records_are_counted_once_by_email_without_a_case_reference(world: World) -> None:
    case = close(world.cases["own"])
    fill(world, case)
    settings = RetentionSettings.objects.get_or_create(partnership=world.home)[0]
    actions.save_contact(
        world.home, lead=None, email="dpo@demo.cspr.invalid", expected_version=settings.version,
        acting_user=manager(world),
    )  # fmt: skip
    with time_machine.travel("2032-01-15 08:00 +0000", tick=False):
        notify_due_records.call("2032-01-15")
    assert not Message.objects.filter(kind=MailKind.RETENTION_DUE).exists()
    with time_machine.travel("2032-01-16 08:00 +0000", tick=False):
        notify_due_records.call("2032-01-16")
        notify_due_records.call("2032-01-16")  # run again: nothing new
    with time_machine.travel("2032-01-17 08:00 +0000", tick=False):
        notify_due_records.call("2032-01-17")  # the next day: still nothing new
    [message] = Message.objects.filter(kind=MailKind.RETENTION_DUE)
    assert message.recipients == ["dpo@demo.cspr.invalid"]
    assert "2 records are newly past" in message.body
    assert "Chronology entries: 1" in message.body
    assert "Agency returns and attachments: 1" in message.body
    assert case.reference not in message.body + message.subject
    assert message.case_id is None
    # Twenty-five years on, the whole case record is newly due: one more email, with 1 new.
    with time_machine.travel("2051-01-16 08:00 +0000", tick=False):
        notify_due_records.call("2051-01-16")
    latest = Message.objects.filter(kind=MailKind.RETENTION_DUE).order_by("-id").first()
    assert latest is not None
    assert latest.pk != message.pk
    assert "1 record is newly past" in latest.body
    assert dt.date(2051, 1, 16).isoformat() in latest.key
