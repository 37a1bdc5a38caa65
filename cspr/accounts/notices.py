"""Emails that tell an account holder about their own account: attempts to get in, and an
administrator's reset of their second factor. Queued in the outbox; no one else's details."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from cspr.accounts.models import User
from cspr.outbox import api as outbox
from cspr.outbox.kinds import MailKind


def throttled(user: User, *, kind: str) -> None:
    outbox.enqueue(
        kind=MailKind.ACCOUNT_THROTTLED,
        partnership_id=user.home_partnership_id,
        to=[user.email],
        subject="Someone is trying to sign in to your CSPR Manager account",
        body=render_to_string("accounts/email/throttled.txt", {"kind": kind, "site_url": settings.SITE_URL}),
    )


def second_factor_reset(user: User, *, partnership_name: str) -> None:
    outbox.enqueue(
        kind=MailKind.SECOND_FACTOR_RESET,
        partnership_id=user.home_partnership_id,
        to=[user.email],
        subject="Your CSPR Manager sign-in has been reset",
        body=render_to_string(
            "accounts/email/second_factor_reset.txt",
            {"partnership_name": partnership_name, "site_url": settings.SITE_URL},
        ),
    )
