"""The one outbox: every email is written in its action's transaction, sent once by the sender,
audited as sent only after the SMTP server accepted it, retried while the server is down."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.test import Client

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.cases.models import AgencyInvolvement, Person
from cspr.documents.models import GeneratedDocument
from cspr.organisations.models import PartnerKind
from cspr.outbox import api as outbox
from cspr.outbox import sender
from cspr.outbox.kinds import CASE_CONTENT, SECRET, MailKind
from cspr.outbox.models import Message, Status
from cspr.portal import invitations
from cspr.rapidreview import actions as rapid_review
from tests.mail import SMTPServer
from tests.outbox.every_kind import MEETING_DAY, queue_every_kind
from tests.rapidreview.helpers import decide_lcspr, meeting_with, ratify_all
from tests.world import World

ROOT = Path(__file__).resolve().parents[2]


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _smtp_to(settings: Any, port: int) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }


@pytest.mark.django_db
def test_every_kind_is_sent_once_and_audited_after_the_server_accepted_it(
    world: World, smtp_server: SMTPServer
) -> None:
    queue_every_kind(world)
    rows = list(Message.objects.order_by("id"))
    assert all(r.status == Status.PENDING for r in rows)
    assert not AuditEvent.objects.filter(action="outbox.sent").exists()  # nothing claimed as sent yet
    assert sender.send_pending() == {"sent": len(rows), "failed": 0}
    assert sender.send_pending() == {"sent": 0, "failed": 0}
    received = smtp_server.wait_for(len(rows))
    assert len(received) == len(rows)
    assert sorted(r.message["Message-ID"].strip() for r in received) == sorted(sender.message_id(r) for r in rows)
    assert set(Message.objects.values_list("status", flat=True)) == {Status.SENT}
    sent_rows = AuditEvent.objects.filter(action="outbox.sent")
    assert sorted(int(e.object_id) for e in sent_rows) == [r.pk for r in rows]
    # The Panel receives the stored versions of Documents 4 and 5, byte for byte.
    [pack] = [r for r in received if r.message["Subject"].startswith("Rapid Review submission")]
    attached = {str(part.get_filename()): part.get_payload(decode=True) for part in pack.message.iter_attachments()}
    stored = {d.filename: bytes(d.content) for d in GeneratedDocument.objects.filter(case=world.cases["own"])}
    assert len(attached) == 2
    assert all(attached[name] == stored[name] for name in attached)


@pytest.mark.django_db
def test_routine_emails_carry_no_personal_data_and_no_attachments(world: World) -> None:
    queue_every_kind(world)
    # The world's children carry their case reference as a surname, so look for first and full names.
    names = {n for p in Person.objects.all() for n in (p.first_name, f"{p.first_name} {p.last_name}".strip()) if n}
    assert {"Testchild", "Testmother"} <= names
    routine = Message.objects.exclude(kind__in=CASE_CONTENT)
    assert routine.count() > 20
    for message in routine:
        text = message.subject + message.body
        assert not [n for n in names if n in text], (message.kind, message.subject)
        assert not message.attachments.exists()
    with pytest.raises(ValueError, match="routine email"):
        outbox.enqueue(
            kind=MailKind.AGENCY_REMINDER,
            to=["x@test.invalid"],
            subject="s",
            body="b",
            attachments=[outbox.File("a.txt", "text/plain", b"x")],
        )


@pytest.mark.django_db
def test_an_email_is_written_in_its_actions_transaction(world: World) -> None:
    manager = world.user(Role.BUSINESS_MANAGER)
    queued: list[int] = []

    def action_that_fails_after_queueing() -> None:
        with transaction.atomic():
            invitations.invite_agency_lead(
                world.agencies["own"], email="later@test.invalid", full_name="Test Later", acting_user=manager
            )
            queued.append(Message.objects.filter(kind=MailKind.AGENCY_INVITATION).count())
            raise RuntimeError("the action failed after queueing its email")

    with pytest.raises(RuntimeError):
        action_that_fails_after_queueing()
    assert queued == [1]
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_while_the_smtp_server_is_down_nothing_is_audited_as_sent_and_it_is_delivered_once_when_back(
    world: World, smtp_server: SMTPServer, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _smtp_to(settings, _closed_port())
    with time_machine.travel(dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        with django_capture_on_commit_callbacks(execute=True):
            invitations.invite_agency_lead(
                world.agencies["own"],
                email="new.lead@test.invalid",
                full_name="Test New Lead",
                acting_user=world.user(Role.BUSINESS_MANAGER),
            )
        row = Message.objects.get()
        # The action's commit asked the worker to send; the server refused the connection.
        assert row.status == Status.PENDING
        assert row.attempts == 1
        assert "ConnectionRefusedError" in row.last_error
        assert not AuditEvent.objects.filter(action="outbox.sent").exists()
        assert sender.send_pending() == {"sent": 0, "failed": 0}  # backing off: not due again yet
        traveller.shift(dt.timedelta(minutes=6))
        assert sender.send_pending() == {"sent": 0, "failed": 1}
        row.refresh_from_db()
        assert row.attempts == 2
        assert row.next_attempt_at == dt.datetime(2026, 11, 16, 9, 16, tzinfo=dt.UTC)  # 10 minutes after
        _smtp_to(settings, smtp_server.port)  # the server is back
        traveller.shift(dt.timedelta(minutes=10))
        assert sender.send_pending() == {"sent": 1, "failed": 0}
        assert sender.send_pending() == {"sent": 0, "failed": 0}
    received = smtp_server.wait_for(1)
    assert [r.recipients for r in received] == [["new.lead@test.invalid"]]
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert AuditEvent.objects.filter(action="outbox.sent", object_id=str(row.pk)).count() == 1
    # The invitation's single-use link does not stay readable in the outbox once it has gone.
    assert row.kind in SECRET
    assert "/portal/" not in row.body
    assert row.body == sender.REMOVED


@pytest.mark.django_db
def test_a_claimed_row_is_not_claimed_again(world: World) -> None:
    row = outbox.enqueue(kind=MailKind.AGENCY_REMINDER, to=["a@test.invalid"], subject="s", body="b")
    assert row is not None
    assert sender._claim(row.pk, "first-worker")
    assert not sender._claim(row.pk, "second-worker")
    row.refresh_from_db()
    assert (row.status, row.claim_token, row.attempts) == (Status.SENDING, "first-worker", 1)


@pytest.mark.django_db
def test_the_same_key_is_queued_once(world: World) -> None:
    first = outbox.enqueue(kind=MailKind.AGENCY_REMINDER, key="k", to=["a@test.invalid"], subject="s", body="b")
    again = outbox.enqueue(kind=MailKind.AGENCY_REMINDER, key="k", to=["a@test.invalid"], subject="s", body="b")
    assert first is not None
    assert again is None
    assert Message.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_submission_renders_the_pack_outside_its_transaction(world: World) -> None:
    case = world.cases["own"]
    with time_machine.travel(MEETING_DAY, tick=False):
        AgencyInvolvement.objects.create(case=case, agency=world.agencies["own"])
        meeting_with(world, case, list(PartnerKind))
        decide_lcspr(world, case)
        ratify_all(world, case)
        case.refresh_from_db()
        depths: list[int] = []

        def stored(sender: Any, **kwargs: Any) -> None:
            # The document store opens its own transaction: inside submit's it would be a savepoint.
            depths.append(len(connection.savepoint_ids))

        post_save.connect(stored, sender=GeneratedDocument)
        try:
            rapid_review.submit(
                case, method="email", date=MEETING_DAY.date(), acting_user=world.user(Role.BUSINESS_MANAGER)
            )
        finally:
            post_save.disconnect(stored, sender=GeneratedDocument)
    assert depths == [0, 0]
    message = Message.objects.get(kind=MailKind.PANEL_SUBMISSION)
    assert [a.document_id for a in message.attachments.all()] == list(
        GeneratedDocument.objects.filter(case=case).order_by("id").values_list("id", flat=True)
    )
    assert all(a.sha256 == hashlib.sha256(a.data()).hexdigest() for a in message.attachments.all())


@pytest.mark.django_db
def test_links_in_emails_use_the_site_address_not_the_requests_host(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SITE_URL = "http://127.0.0.1:8123"
    client = Client(HTTP_HOST="localhost")
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    from django.urls import reverse

    response = client.post(
        reverse("portal:invite", args=[world.agencies["own"].pk]),
        {"full_name": "Test New Lead", "email": "new.lead@test.invalid", "job_title": "DSL"},
    )
    assert response.status_code == 302
    body = Message.objects.get(kind=MailKind.AGENCY_INVITATION).body
    links = re.findall(r"https?://\S+", body)
    assert links
    assert all(link.startswith("http://127.0.0.1:8123/portal/") for link in links), links


def test_only_the_outbox_sends_email() -> None:
    """The grep that proves the rule: ``grep -rn "send_mail\\|\\.send(" cspr`` finds sends only in
    cspr/outbox (and allauth's ``send_mail`` hook, which queues in the outbox)."""
    offending = []
    for path in sorted((ROOT / "cspr").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith("cspr/outbox/"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"send_mail|\.send\(|send_mass_mail|mail_admins|EmailMessage|EmailMultiAlternatives", line):
                if relative == "cspr/accounts/adapters.py" and line.strip().startswith("def send_mail("):
                    continue
                offending.append(f"{relative}:{number}: {line.strip()}")
    assert offending == []


def test_console_output_shows_attachments_by_name_and_size(capsys: Any) -> None:
    from django.core.mail import EmailMessage

    from cspr.outbox.console import EmailBackend

    message = EmailMessage(
        "Rapid Review submission DEMO-5", "Please find attached.", "a@test.invalid", ["b@test.invalid"]
    )
    message.attach("DEMO-5_4_RAPID_REVIEW_TEMPLATE.docx", b"x" * 20_000, "application/octet-stream")
    EmailBackend().send_messages([message])
    out = capsys.readouterr().out
    assert "Subject: Rapid Review submission DEMO-5" in out
    assert "Please find attached." in out
    assert "[Attachment: DEMO-5_4_RAPID_REVIEW_TEMPLATE.docx (application/octet-stream, 19.5 KB)]" in out
    assert max(len(line) for line in out.splitlines()) < 120  # no base64 block


@pytest.mark.django_db
def test_send_again_only_for_ones_own_partnerships_failed_emails(world: World) -> None:
    from django.urls import reverse

    def failed(partnership_id: int, status: str = Status.FAILED) -> Message:
        row = outbox.enqueue(
            kind=MailKind.AGENCY_REMINDER, partnership_id=partnership_id, to=["a@test.invalid"], subject="s", body="b"
        )
        assert row is not None
        Message.objects.filter(pk=row.pk).update(status=status, attempts=5)
        return row

    away, sending, own = failed(world.away.pk), failed(world.home.pk, Status.SENDING), failed(world.home.pk)
    client = Client()
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    for row in (away, sending, own):  # a forged POST for another partnership's email, and one being sent
        assert client.post(reverse("deadlines:outbox"), {"retry": str(row.pk)}).status_code == 302
    statuses = {m.pk: m.status for m in Message.objects.all()}
    assert statuses == {away.pk: Status.FAILED, sending.pk: Status.SENDING, own.pk: Status.PENDING}
    assert AuditEvent.objects.filter(action="outbox.retry").count() == 1
