"""Sending the outbox: each row claimed with a token, sent once, and audited as sent only after the
SMTP server accepted it.

Claiming is a conditional update (``pending -> sending`` with a fresh token), atomic on SQLite and
PostgreSQL, so two workers never send the same row. The row is marked sent, and its "sent" audit row
written, in one transaction straight after the server accepted it; a restarted worker never sends a
sent row again. A row left in "sending" for longer than ``STALE_CLAIM`` (its worker was killed
between SMTP and that update) is not re-sent automatically, because it may have gone: it is marked
failed for an administrator to check and send again. SMTP errors are retried after 5, 10, 20 and 40
minutes, then the row is marked failed.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
import time

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from cspr.audit import log as audit
from cspr.env import env_int
from cspr.outbox.kinds import SECRET, MailKind
from cspr.outbox.models import Message, Status

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
STALE_CLAIM = dt.timedelta(minutes=10)
REMOVED = "[The text of this email held a single-use link and was removed once it was sent.]"


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=5 * 2 ** max(0, attempts - 1))


def message_id(row: Message) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].rstrip(">") or "cspr.invalid"
    # The same row always has the same Message-ID, so a mail client would fold a duplicate.
    return f"<{re.sub(r'[^A-Za-z0-9._-]', '.', row.key)}@{domain}>"


def build(row: Message) -> EmailMessage:
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(row.recipients),
        cc=list(row.cc),
        bcc=list(row.bcc),
        reply_to=list(row.reply_to),
        headers={"Message-ID": message_id(row)},
    )
    if row.html_body:
        message.attach_alternative(row.html_body, "text/html")
    for attachment in row.attachments.select_related("document"):
        message.attach(attachment.filename, attachment.data(), attachment.content_type)
    return message


def _release_stale(now: dt.datetime) -> None:
    Message.objects.filter(status=Status.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        status=Status.FAILED,
        last_error="The worker stopped while sending; check with the recipients, then send again if it did not arrive.",
    )


def _claim(row_id: int, token: str) -> bool:
    now = timezone.now()
    ready = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    return (
        Message.objects.filter(ready, pk=row_id, status=Status.PENDING).update(
            status=Status.SENDING, claim_token=token, claimed_at=now, attempts=F("attempts") + 1
        )
        == 1
    )


def _mark_sent(row: Message, token: str) -> None:
    with transaction.atomic():
        # The token, not the status, proves the claim is ours (a stale release may have run meanwhile).
        Message.objects.filter(pk=row.pk, claim_token=token).update(
            status=Status.SENT,
            sent_at=timezone.now(),
            last_error="",
            **({"body": REMOVED, "html_body": ""} if row.kind in SECRET else {}),
        )
        audit.record(
            actor=None,
            action="outbox.sent",
            obj=row,
            case=row.case,
            partnership_id=row.partnership_id,
            after={
                "kind": row.kind,
                "recipients": len(row.recipients) + len(row.cc) + len(row.bcc),
                "attempt": row.attempts,
                "attachments": [{"name": a.filename, "sha256": a.sha256} for a in row.attachments.all()],
            },
            detail={"label": f"{MailKind(row.kind).label}: {row.subject}"},
        )


def _mark_failed(row: Message, token: str, error: Exception) -> None:
    given_up = row.attempts >= MAX_ATTEMPTS
    Message.objects.filter(pk=row.pk, claim_token=token).update(
        status=Status.FAILED if given_up else Status.PENDING,
        next_attempt_at=timezone.now() + backoff(row.attempts),
        last_error=f"{type(error).__name__}: {error}"[:500],
    )
    logger.warning("Email %s (%s) not sent, attempt %s: %s", row.pk, row.kind, row.attempts, type(error).__name__)


def send_pending(now: dt.datetime | None = None) -> dict[str, int]:
    """Send every row that is due; returns counts of sent and failed attempts."""
    now = now or timezone.now()
    _release_stale(now)
    ready = Message.objects.filter(status=Status.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    counts = {"sent": 0, "failed": 0}
    pause = env_int("CSPR_MAIL_SEND_PAUSE_MS", 0) / 1000
    for row_id in list(ready.order_by("id").values_list("id", flat=True)):
        token = secrets.token_hex(16)
        if not _claim(row_id, token):
            continue  # another worker has it, or it is backing off
        row = Message.objects.select_related("case").get(pk=row_id)
        try:
            build(row).send()
        except Exception as error:  # any SMTP or connection failure: retry later, then give up visibly
            _mark_failed(row, token, error)
            counts["failed"] += 1
            continue
        _mark_sent(row, token)
        counts["sent"] += 1
        if pause:
            # A steady pace keeps within SMTP relays' rate limits (and gives the worker test a window).
            time.sleep(pause)
    return counts
