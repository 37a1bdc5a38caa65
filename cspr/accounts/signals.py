"""Receivers for allauth's MFA signals (allauth offers no other hook for these events)."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.models import Session
from django.http import HttpRequest
from django.utils import timezone

from cspr.accounts.middleware import MFA_SESSION_KEY


def forget_mfa_check(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    """An authenticator was removed: make every session of this user check for a second factor again."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(MFA_SESSION_KEY, None)
    if user is None:
        return
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = session.get_decoded()
        if str(data.get("_auth_user_id")) == str(user.pk) and MFA_SESSION_KEY in data:
            data.pop(MFA_SESSION_KEY)
            Session.objects.filter(pk=session.pk).update(session_data=Session.objects.encode(data))
