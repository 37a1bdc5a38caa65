"""Every allauth page a person can reach renders our GOV.UK Jinja template, not allauth's own."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from cspr.accounts.roles import Role
from tests.accounts.helpers import sign_in
from tests.world import World, make_user


def assert_govuk(html: str, title: str) -> None:
    assert '<html lang="en-GB" class="govuk-template">' in html
    assert f"<title>{title} – CSPR Manager</title>" in html, re.findall(r"<title>.*</title>", html)
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert "govuk-footer__crown" not in html
    assert "Crown copyright" not in html
    # allauth's own templates say "Sign In" / "Sign Out".
    assert "Sign In" not in html
    assert "Sign Out" not in html


ANONYMOUS_PAGES = [
    ("/accounts/login/", "Sign in"),
    ("/accounts/password/reset/", "Reset your password"),
    ("/accounts/password/reset/done/", "Check your email"),
    ("/accounts/password/reset/key/done/", "Your password has been set"),
    ("/accounts/password/reset/key/1-not-a-key/", "This link has expired or has been used"),
    ("/accounts/signup/", "You cannot create an account here"),
    ("/accounts/inactive/", "Your account has been disabled"),
    ("/accounts/3rdparty/login/cancelled/", "You did not finish signing in"),
    ("/accounts/3rdparty/login/error/", "Sorry, there is a problem signing you in"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "title"), ANONYMOUS_PAGES)
def test_anonymous_pages_are_govuk(path: str, title: str) -> None:
    response = Client().get(path, follow=True)
    assert response.status_code == (401 if "error" in path else 200)
    assert_govuk(response.content.decode(), title)


SIGNED_IN_PAGES = [
    ("/accounts/logout/", "Sign out"),
    ("/accounts/2fa/", "How you sign in"),
    ("/accounts/2fa/recovery-codes/generate/", "Make new recovery codes"),
    ("/accounts/2fa/totp/deactivate/", "Remove your authenticator app"),
    ("/accounts/2fa/webauthn/", "Your passkeys and security keys"),
    ("/accounts/2fa/webauthn/add/", "Add a passkey or security key"),
    ("/accounts/password/change/", "Change your password"),
    ("/accounts/reauthenticate/", "Confirm it is you"),
    ("/accounts/2fa/reauthenticate/", "Confirm it is you"),
    ("/accounts/email/", "Your email address"),
    ("/accounts/3rdparty/", "Organisation accounts linked to you"),
]


@pytest.mark.django_db
def test_signed_in_pages_are_govuk(world: World) -> None:
    client = Client()
    sign_in(client, world.user(Role.BUSINESS_MANAGER))
    for path, title in SIGNED_IN_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_govuk(response.content.decode(), title)


@pytest.mark.django_db
def test_authenticate_page_and_wrong_code(world: World) -> None:
    client = Client()
    user = world.user(Role.BUSINESS_MANAGER)
    client.post("/accounts/login/", {"login": user.email, "password": "a-long-test-password-1"})
    page = client.get("/accounts/2fa/authenticate/").content.decode()
    assert_govuk(page, "Enter the code from your authenticator app")
    assert 'autocomplete="one-time-code"' in page
    assert 'inputmode="numeric"' in page
    # No passkey offered to someone who has none.
    assert "Use a passkey" not in page
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    page = response.content.decode()
    assert_govuk(page, "Error: Enter the code from your authenticator app")
    assert "govuk-error-summary" in page
    assert "The code is not correct or has expired" in page
    response = client.post("/accounts/2fa/authenticate/", {"code": ""})
    assert "Enter the 6-digit code from your authenticator app" in response.content.decode()


@pytest.mark.django_db
def test_sign_in_errors_use_govuk_summary(world: World) -> None:
    response = Client().post("/accounts/login/", {"login": "", "password": ""})
    page = response.content.decode()
    assert_govuk(page, "Error: Sign in")
    assert '<a href="#id_login">Enter your email address</a>' in page
    assert '<a href="#id_password">Enter your password</a>' in page
    response = Client().post("/accounts/login/", {"login": "nobody@test.invalid", "password": "whatever-it-is-1"})
    assert "Enter a correct email address and password" in response.content.decode()


@pytest.mark.django_db
def test_expired_message_only_when_asked() -> None:
    assert (
        "You were signed out to protect your information" in Client().get("/accounts/login/?expired=1").content.decode()
    )
    assert "You were signed out" not in Client().get("/accounts/login/").content.decode()


@pytest.mark.django_db
def test_no_sso_button_without_a_provider() -> None:
    assert "Sign in with your organisation account" not in Client().get("/accounts/login/").content.decode()


@pytest.mark.django_db
def test_totp_activation_page_shows_qr_and_secret(world: World) -> None:
    user = make_user("new.person@test.invalid", Role.CSPR_GROUP_MEMBER, partnership=world.home, with_mfa=False)
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": "a-long-test-password-1"})
    assert response["Location"] == "/"
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/2fa/totp/activate/"
    page = response.content.decode()
    assert_govuk(page, "Set up your authenticator app")
    assert re.search(r'<img class="cspr-qr-code" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="QR code', page)
    secret = re.search(r'data-secret="([A-Z2-7]+)"', page)
    assert re.search(r'href="otpauth://totp/[^"]+secret=[A-Z2-7]+', page)
    assert secret is not None
    assert len(secret.group(1)) >= 16
    assert "<script>" not in page.replace("<script>document.body.className", "")


@pytest.mark.django_db
def test_passkey_controls_need_javascript_and_use_the_nonce(world: World) -> None:
    client = Client()
    sign_in(client, world.user(Role.BUSINESS_MANAGER))
    response = client.get("/accounts/2fa/webauthn/add/")
    page = response.content.decode()
    nonce = re.search(r'nonce="([^"]+)"', page)
    assert nonce is not None
    assert f"'nonce-{nonce.group(1)}'" in response["Content-Security-Policy"]
    for script in ("mfa/js/webauthn.js", "mfa/js/webauthn-json.js", "account/js/onload.js", "accounts/passkeys.js"):
        assert f'<script src="/static/{script}" nonce="{nonce.group(1)}"></script>' in page
        assert client.get(f"/static/{script}").status_code == 200
    # Only data blocks inline (not executed, so the policy does not apply to them).
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert all('type="application/json"' in attrs or "nonce=" in attrs for attrs in inline), inline
    assert re.search(r"<div data-cspr-passkey hidden>", page)


@pytest.mark.django_db
def test_recovery_codes_page(world: World) -> None:
    client = Client()
    user = world.user(Role.BUSINESS_MANAGER)
    sign_in(client, user)
    response = client.post("/accounts/2fa/recovery-codes/generate/")
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    page = client.get("/accounts/2fa/recovery-codes/").content.decode()
    assert_govuk(page, "Your recovery codes")
    codes = re.findall(r'<code class="cspr-code">(\w+)</code>', page)
    rc = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    assert codes == rc.wrap().get_unused_codes()
    assert len(codes) == 10
