"""Putting an email in the outbox. Call ``enqueue`` inside the transaction of the action that causes
the email: the row commits with the action or not at all, and the worker sends it after the commit
(``cspr.outbox.sender``). Nothing here talks to an SMTP server.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Q

from cspr.cases.models import Case
from cspr.outbox.kinds import CASE_CONTENT, MailKind
from cspr.outbox.models import Attachment, Message, Status

logger = logging.getLogger(__name__)

# The demo world is built with the real actions but must not email its fictional addresses.
_suppressed: ContextVar[bool] = ContextVar("outbox_suppressed", default=False)


@contextmanager
def suppressed() -> Iterator[None]:
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


@dataclass(frozen=True)
class File:
    """An attachment: a stored document version (``document_id``) or bytes of its own."""

    filename: str
    content_type: str
    content: bytes = b""
    document_id: int | None = None


def _addresses(values: Iterable[str]) -> list[str]:
    return sorted({address.strip() for address in values if address and address.strip()})


def enqueue(
    *,
    kind: MailKind,
    to: Iterable[str],
    subject: str,
    body: str,
    key: str | None = None,
    case: Case | None = None,
    partnership_id: int | None = None,
    cc: Iterable[str] = (),
    bcc: Iterable[str] = (),
    reply_to: Iterable[str] = (),
    html_body: str = "",
    attachments: Sequence[File] = (),
    meta: dict[str, Any] | None = None,
) -> Message | None:
    """Queue one email; returns its row, or None when there is no one to send it to, when the demo
    world is being built, or when an email with the same ``key`` is already queued (idempotent)."""
    recipients, cc_list, bcc_list = _addresses(to), _addresses(cc), _addresses(bcc)
    if _suppressed.get() or not (recipients or cc_list or bcc_list):
        return None
    if attachments and kind not in CASE_CONTENT:
        raise ValueError(f"{kind} is a routine email: it carries no attachments")
    if partnership_id is None and case is not None:
        partnership_id = case.lead_partnership_id
    fields: dict[str, Any] = {
        "kind": kind,
        "case": case,
        "partnership_id": partnership_id,
        "meta": meta or {},
        "recipients": recipients,
        "cc": cc_list,
        "bcc": bcc_list,
        "reply_to": _addresses(reply_to),
        "subject": subject[:300],
        "body": body,
        "html_body": html_body,
    }
    try:
        with transaction.atomic():
            message = Message.objects.create(key=key or _fresh_key(kind), **fields)
            for f in attachments:
                _attach(message, f)
    except IntegrityError:
        if key is None:
            raise
        return None  # already queued: the unique key is what makes enqueueing idempotent
    _kick_after_commit()
    return message


def _fresh_key(kind: str) -> str:
    import secrets

    return f"{kind}:{secrets.token_hex(12)}"


def _attach(message: Message, f: File) -> None:
    if f.document_id is not None:
        from cspr.documents.models import GeneratedDocument

        data = GeneratedDocument.objects.get(pk=f.document_id).content
        Attachment.objects.create(
            message=message,
            filename=f.filename,
            content_type=f.content_type,
            document_id=f.document_id,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        return
    Attachment.objects.create(
        message=message,
        filename=f.filename,
        content_type=f.content_type,
        content=f.content,
        size=len(f.content),
        sha256=hashlib.sha256(f.content).hexdigest(),
    )


def _kick() -> None:
    """Ask the worker to send now rather than at the next scheduled sweep."""
    from cspr.outbox.tasks import send_outbox

    try:
        send_outbox.enqueue()
    except Exception:  # the row is safe in the outbox; the scheduled sweep sends it
        logger.warning("Could not enqueue the outbox sender; the next sweep will send the email", exc_info=True)


def _kick_after_commit() -> None:
    # One kick per transaction is enough, however many emails the action queued: skip when a kick is
    # already registered at this savepoint level or above it (one that a rollback here cannot drop).
    current = set(connection.savepoint_ids)
    if any(entry[1] is _kick and entry[0] <= current for entry in getattr(connection, "run_on_commit", [])):
        return
    transaction.on_commit(_kick)


def needing_attention(partnership_ids: Iterable[int]) -> list[Message]:
    """Emails that failed, or are being retried, for the failed-email page (newest first)."""
    return list(
        Message.objects.filter(partnership_id__in=list(partnership_ids))
        .filter(Q(status=Status.FAILED) | Q(status=Status.PENDING, attempts__gt=0))
        .select_related("case")
        .order_by("-created_at", "-id")[:200]
    )


def failed_count(partnership_id: int) -> int:
    return Message.objects.filter(partnership_id=partnership_id, status=Status.FAILED).count()
