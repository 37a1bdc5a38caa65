"""Session lifetime (idle and absolute) and "a second factor before any data"."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

# Paths a signed-in user may reach before enrolling a second factor: sign-in and MFA set-up
# (allauth), static assets and the public information pages. Nothing here shows case data.
_MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/accessibility/", "/privacy/", "/portal/invitation/")


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.setdefault("cspr_started", now)
            seen = request.session.get("cspr_seen", now)
            idle_limit = settings.SESSION_IDLE_MINUTES * 60
            absolute_limit = settings.SESSION_ABSOLUTE_MINUTES * 60
            if now - seen > idle_limit or now - started > absolute_limit:
                logout(request)
                return HttpResponseRedirect(reverse("account_login") + "?expired=1")
            request.session["cspr_seen"] = now
        return self.get_response(request)


def has_second_factor(user: object) -> bool:
    from allauth.mfa.models import Authenticator

    return bool(
        Authenticator.objects.filter(
            user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exists()
    )


class RequireMFAMiddleware:
    """Sends a signed-in user without a second factor to enrol one before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        needs_check = (
            user.is_authenticated
            and not request.path.startswith(_MFA_EXEMPT_PREFIXES)
            and not request.session.get("cspr_mfa_ok")
        )
        if needs_check:
            if not has_second_factor(user):
                return HttpResponseRedirect(reverse("mfa_activate_totp"))
            request.session["cspr_mfa_ok"] = True
        return self.get_response(request)
