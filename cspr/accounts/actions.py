"""Named, audited actions on user accounts."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from cspr.accounts.models import User
from cspr.audit import log as audit


def end_sessions(user: User) -> int:
    """Delete every live session of this user; returns how many were ended."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def disable_user(user: User, *, acting_user: User | None) -> None:
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        ended = end_sessions(user)
        audit.record(
            actor=acting_user,
            action="user.disabled",
            obj=user,
            partnership_id=user.home_partnership_id,
            before={"is_active": True},
            after={"is_active": False},
            detail={"sessions_ended": ended, "label": user.email},
        )
