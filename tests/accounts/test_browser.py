"""Sign-in journeys in Chromium: first sign-in enrolment with a real code, passkeys through a
virtual authenticator, and the strict content security policy left switched on."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from cspr.accounts.roles import Role
from tests.browser.harness import assert_accessible, open_context, screenshot, sign_in
from tests.world import PASSWORD, World, make_user


def _code(secret: str) -> str:
    return str(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))


def _submit(page: Any, field: str) -> None:
    page.locator("form").filter(has=page.locator(f"input[name={field}]")).locator("button[type=submit]").first.click()
    page.wait_for_load_state("domcontentloaded")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_first_sign_in_enrols_an_authenticator_app(page: Any, live_server: Any, world: World) -> None:
    user = make_user("first.sign.in@test.invalid", Role.BUSINESS_MANAGER, partnership=world.home, with_mfa=False)
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    screenshot(page, "accounts-sign-in")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    _submit(page, "password")
    assert page.url.endswith("/accounts/2fa/totp/activate/")
    assert page.locator("h1").inner_text() == "Set up your authenticator app"
    assert page.locator("img.cspr-qr-code").evaluate("img => img.naturalWidth > 0")
    assert_accessible(page)
    screenshot(page, "accounts-totp-activate")
    secret = page.locator("#totp-secret").get_attribute("data-secret")
    assert secret
    # The key as shown for typing by hand is the same secret, in groups of four.
    assert page.locator("#totp-secret").inner_text().replace(" ", "") == secret
    page.fill("input[name=code]", "000000" if _code(secret) != "000000" else "111111")
    _submit(page, "code")
    assert page.title().startswith("Error: ")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    screenshot(page, "accounts-totp-activate-error")
    page.fill("input[name=code]", _code(secret))
    _submit(page, "code")
    assert page.url.endswith("/accounts/2fa/recovery-codes/")
    assert page.locator("code.cspr-code").count() == 10
    assert_accessible(page)
    screenshot(page, "accounts-recovery-codes")
    page.get_by_role("link", name="I have saved my codes – continue").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.url.rstrip("/") == live_server.url
    assert page.locator("h1").inner_text() == "Dashboard"
    assert_accessible(page)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_code_page_and_sign_out_are_accessible(page: Any, live_server: Any, world: World) -> None:
    user = world.user(Role.CSPR_GROUP_MEMBER)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    _submit(page, "password")
    assert page.url.endswith("/accounts/2fa/authenticate/")
    assert_accessible(page)
    screenshot(page, "accounts-enter-code")
    page.get_by_role("button", name="Cancel and sign out").click()
    page.wait_for_load_state("domcontentloaded")
    assert "/accounts/login/" in page.url
    page.goto(f"{live_server.url}/accounts/login/?expired=1")
    assert_accessible(page)
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/accounts/2fa/")
    assert_accessible(page)
    screenshot(page, "accounts-how-you-sign-in")
    page.goto(f"{live_server.url}/accounts/logout/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("domcontentloaded")
    assert "/accounts/login/" in page.url


def _press_and_wait_for_post(page: Any, button: str, path: str) -> Any:
    """Press a passkey button and wait for the POST allauth's script makes once the authenticator
    answered: the server's response, not a page state, is what the test waits on. A refused
    creation or assertion reaches only the console (allauth logs it), so a timeout says why."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        with page.expect_response(
            lambda r: r.request.method == "POST" and urlsplit(r.url).path == path, timeout=30_000
        ) as posted:
            page.get_by_role("button", name=button).click()
    except PlaywrightTimeoutError as timeout:
        raise AssertionError(f"No {path} POST after pressing {button!r}; console errors: {errors}") from timeout
    return posted.value


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_passkey_under_strict_csp(browser: Any, live_server: Any, world: World) -> None:
    """The app's real policy (no bypass): GOV.UK and allauth scripts run, a passkey is added with
    Chromium's virtual authenticator and then used instead of a code."""
    context = open_context(browser)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator_id = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                # Answer at once, without the simulated touch delay.
                "automaticPresenceSimulation": True,
            }
        },
    )["authenticatorId"]
    try:
        user = world.user(Role.BUSINESS_MANAGER)
        sign_in(page, live_server, user)
        # GOV.UK's inline "js-enabled" script carries the nonce, so it ran.
        assert page.evaluate("document.body.classList.contains('js-enabled')")
        # goto waits for the load event, after allauth wires the button on DOMContentLoaded.
        page.goto(f"{live_server.url}/accounts/2fa/webauthn/add/")
        assert page.locator("[data-cspr-passkey]").is_visible()
        # Only allauth's script posts the form (a submit button also posted it empty, which began a
        # new ceremony and got this one's answer refused: tests/accounts/test_passkey_registration.py).
        assert page.locator("#mfa_webauthn_add").evaluate("b => b.type") == "button"
        page.fill("input[name=name]", "Test laptop")
        registration = _press_and_wait_for_post(page, "Add passkey", "/accounts/2fa/webauthn/add/")
        assert registration.status == 302, registration.status
        # The authenticator holds one credential and the server stored one passkey.
        credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]
        assert len(credentials) == 1
        assert Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).count() == 1
        # First extra authenticator: allauth makes recovery codes and shows them.
        page.wait_for_url("**/accounts/2fa/recovery-codes/")
        page.goto(f"{live_server.url}/accounts/2fa/webauthn/")
        assert page.get_by_role("link", name="Rename Test laptop").is_visible()
        assert_accessible(page)
        # Sign out, then use the passkey instead of a code.
        page.goto(f"{live_server.url}/accounts/logout/")
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_load_state("domcontentloaded")
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=login]", user.email)
        page.fill("input[name=password]", PASSWORD)
        _submit(page, "password")
        assert page.url.endswith("/accounts/2fa/authenticate/")
        assert page.locator("#mfa_webauthn_authenticate").evaluate("b => b.type") == "button"
        signed_in = _press_and_wait_for_post(page, "Use a passkey or security key", "/accounts/2fa/authenticate/")
        assert signed_in.status == 302, signed_in.status
        page.wait_for_url(f"{live_server.url}/")
        assert page.locator("h1").inner_text() == "Dashboard"
        assert_accessible(page)
        assert list(context.csp_violations) == []
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sign_in_page_with_single_sign_on(page: Any, live_server: Any, settings: Any) -> None:
    settings.SOCIALACCOUNT_PROVIDERS = {
        "microsoft": {"APPS": [{"client_id": "entra-client", "secret": "s", "settings": {"tenant": "contoso"}}]}
    }
    page.goto(f"{live_server.url}/accounts/login/")
    button = page.get_by_role("button", name="Sign in with your organisation account")
    assert button.is_visible()
    assert_accessible(page)
    screenshot(page, "accounts-sign-in-sso")
    # The button posts (with the CSRF token) and the app sends the browser to Entra ID.
    with page.expect_request(lambda r: r.url.startswith("https://login.microsoftonline.com/contoso/")) as request:
        page.route("https://login.microsoftonline.com/**", lambda route: route.fulfill(status=200, body="IdP"))
        button.click()
    assert "client_id=entra-client" in request.value.url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_user_pages_are_accessible(page: Any, live_server: Any, world: World) -> None:
    sign_in(page, live_server, world.user(Role.PARTNERSHIP_ADMIN))
    page.goto(f"{live_server.url}/partnership/users/")
    assert page.locator("h1").inner_text() == "Users"
    assert_accessible(page)
    screenshot(page, "accounts-users")
    page.get_by_role("link", name="Add a user").click()
    page.get_by_role("button", name="Add user and send link").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    screenshot(page, "accounts-new-user-errors")
    target = world.user(Role.SCRUTINEER)
    page.goto(f"{live_server.url}/partnership/users/{target.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Disable this account").click()
    assert_accessible(page)
    page.get_by_role("button", name="Disable account").click()
    page.wait_for_load_state("domcontentloaded")
    assert "can no longer sign in" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)
    screenshot(page, "accounts-user-disabled")
