"""Audited changes to the outbox made by people (sending is the worker's, in ``sender``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from cspr.audit import log as audit
from cspr.outbox.api import _kick_after_commit
from cspr.outbox.models import Message, Status

if TYPE_CHECKING:
    from cspr.accounts.models import User


def retry(*, message: Message, acting_user: User) -> Message:
    """Put a failed email back in the queue (an administrator checked and decided it should go again)."""
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        if locked.status in {Status.SENT, Status.SENDING}:
            return locked  # gone, or a worker holds it: sending again could send it twice
        before = {"status": locked.status, "attempts": locked.attempts}
        locked.status = Status.PENDING
        locked.attempts = 0
        locked.next_attempt_at = None
        locked.claimed_at = None
        locked.claim_token = ""
        locked.save(update_fields=["status", "attempts", "next_attempt_at", "claimed_at", "claim_token"])
        audit.record(
            actor=acting_user,
            action="outbox.retry",
            obj=locked,
            case=locked.case,
            partnership_id=locked.partnership_id,
            before=before,
            after={"status": locked.status},
            detail={"label": locked.subject},
        )
        _kick_after_commit()
    return locked
