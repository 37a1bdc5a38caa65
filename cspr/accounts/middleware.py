"""Session lifetime (idle and absolute) and "a second factor before any data"."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

# What a signed-in user may reach before enrolling a second factor: signing out, the enrolment pages
# (allauth may ask for the password again first), static assets and the public information pages.
# Nothing here shows case data. Everything else, including the rest of /accounts/, waits.
_MFA_EXEMPT_URL_NAMES = frozenset(
    {
        "account_logout",
        "account_login",
        "account_reauthenticate",
        "account_inactive",
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_reauthenticate",
        "mfa_reauthenticate_webauthn",
        "ui:accessibility",
        "ui:privacy",
        # Liveness and readiness (cspr/operations/health.py): no data, probed without a session.
        "operations:healthz",
        "operations:readyz",
    }
)
# The agency invitation pages (portal) and the workshop practitioners' invitation pages handle their
# own first sign-in and then send people to enrol.
_MFA_EXEMPT_PREFIXES = ("/static/", "/portal/invitation/", "/workshops/invitation/")
MFA_SESSION_KEY = "cspr_mfa_ok"
# How long the session trusts its last check; catches an authenticator removed outside allauth's
# pages (by an operator, in the database) within this time.
MFA_RECHECK_SECONDS = 5 * 60
# How stale the "last seen" mark of the idle timeout may be before a request rewrites it.
SEEN_GRANULARITY_SECONDS = 60


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
            if "cspr_seen" not in request.session or now - seen >= SEEN_GRANULARITY_SECONDS:
                # Not on every request: writing the mark makes the session row be rewritten, a
                # database write per page. A minute's slack on a 30-minute idle limit is enough.
                request.session["cspr_seen"] = now
        return self.get_response(request)


def has_second_factor(user: object) -> bool:
    from allauth.mfa.models import Authenticator

    return bool(
        Authenticator.objects.filter(
            user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exists()
    )


def _exempt(request: HttpRequest) -> bool:
    if request.path.startswith(_MFA_EXEMPT_PREFIXES):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in _MFA_EXEMPT_URL_NAMES


class RequireMFAMiddleware:
    """Sends a signed-in user without a second factor to enrol one before anything else.

    Users who have one already passed allauth's "authenticate" stage before they were signed in;
    the session remembers when it last checked, so most pages cost no query. The mark is dropped
    when an authenticator is removed through allauth (``cspr.accounts.signals``), and expires
    after MFA_RECHECK_SECONDS in any case.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not _exempt(request):
            now = time.time()
            checked = request.session.get(MFA_SESSION_KEY)
            if not isinstance(checked, float) or not 0 <= now - checked < MFA_RECHECK_SECONDS:
                if not has_second_factor(user):
                    request.session.pop(MFA_SESSION_KEY, None)
                    return HttpResponseRedirect(reverse("mfa_activate_totp"))
                request.session[MFA_SESSION_KEY] = now
        return self.get_response(request)


class SingleSignOnFormActionMiddleware:
    """Lets the sign-in page's single sign-on buttons reach the identity provider.

    The strict policy allows forms to post only to this site (``form-action 'self'``), and browsers
    apply that to the redirect that follows the post. The sign-in page records the providers'
    origins while it renders (``cspr.accounts.context_processors``); only that response gets them.
    Listed after Django's CSP middleware, so it runs before it on the way out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        origins: list[str] = getattr(request, "sso_form_action", [])
        if origins:
            policy: dict[str, Any] = dict(settings.SECURE_CSP)
            allowed: list[str] = list(policy.get("form-action") or [])
            policy["form-action"] = [*allowed, *origins]
            response._csp_config = policy  # type: ignore[attr-defined]
        return response
