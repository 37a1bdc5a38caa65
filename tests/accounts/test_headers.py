"""Security headers on every response: the sign-in page and a signed-in page with case data."""

from __future__ import annotations

from typing import Any

import pytest
from django.http.response import HttpResponseBase
from django.test import Client

from cspr.accounts.roles import Role
from tests.accounts.helpers import sign_in
from tests.world import World


def assert_security_headers(response: HttpResponseBase) -> None:
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self' 'nonce-",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "form-action 'self'",
        "base-uri 'self'",
    ):
        assert directive in csp, (directive, csp)
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_sign_in_page_headers() -> None:
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_signed_in_case_page_headers(world: World) -> None:
    client = Client()
    sign_in(client, world.user(Role.BUSINESS_MANAGER))
    for path in ("/", "/cases/HOME-2026-001/", "/accounts/2fa/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_security_headers(response)


@pytest.mark.django_db
def test_error_and_lockout_pages_have_headers(world: World) -> None:
    assert_security_headers(Client().get("/no-such-page/"))
    response = Client().post("/accounts/login/", {"login": "", "password": ""})
    assert_security_headers(response)


@pytest.mark.django_db
def test_session_cookie_is_http_only_and_strict_enough(world: World) -> None:
    client = Client()
    sign_in(client, world.user(Role.BUSINESS_MANAGER))
    cookie = client.cookies["cspr_session"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_sign_in_page_with_single_sign_on_lets_its_form_reach_the_identity_provider(settings: Any) -> None:
    """Browsers apply form-action to the redirect after the post: without the provider's origin the
    single sign-on button does nothing (found by running the browser tests under the real policy)."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "microsoft": {"APPS": [{"client_id": "entra-client", "secret": "s", "settings": {"tenant": "contoso"}}]}
    }
    csp = Client().get("/accounts/login/")["Content-Security-Policy"]
    assert "form-action 'self' https://login.microsoftonline.com" in csp
    assert "unsafe-inline" not in csp
    # Only the sign-in page: every other page keeps forms to this site.
    assert "form-action 'self';" in Client().get("/accessibility/")["Content-Security-Policy"] + ";"
