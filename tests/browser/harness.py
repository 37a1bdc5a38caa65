"""Browser tests: Playwright driving Debian's Chromium, with axe-core for accessibility.

Fixtures (imported into tests/conftest.py): ``browser`` (one Chromium per test session) and
``page`` (a fresh context per test). Helpers: ``open_context`` (a context for a second person),
``sign_in`` (email, password and a real TOTP code) and ``assert_accessible`` (axe-core
wcag2a/2aa/21aa/22aa; fails on serious or critical, and on any content security policy violation).

Pages run under the app's real content security policy (no ``bypass_csp``): axe-core is evaluated
through the DevTools protocol, which the policy does not govern, so the app's own scripts and
styles are held to the policy exactly as in a person's browser, and every violation Chromium reports
fails the test.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt

from cspr.accounts.models import User

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_JS = (Path(__file__).resolve().parent.parent / "assets" / "axe.min.js").read_text(encoding="utf-8")
# Every rule of these tags still runs on the whole document. Only the violations are read, so axe is
# told not to gather the passes and the rest node by node (resultTypes), and only the serious and
# critical ones come back over the protocol: on a long page (a draft's 4,700 elements) serialising the
# full result took twice as long as the checks themselves.
AXE_RUN = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
    resultTypes: ['violations'],
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({target: n.target}))}));
}"""
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Codes used in this process, by authenticator secret and period: every test world makes new secrets,
# so only a second sign-in of the same authenticator within a period waits for the next code.
_used_codes: set[tuple[str, int]] = set()


def mark_code_used(secret: str, counter: int) -> None:
    """A code entered outside ``totp_code`` (an enrolment page): a later sign-in must not reuse it."""
    _used_codes.add((secret, counter))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_context(browser: Any) -> Any:
    """A browser context under the real content security policy, recording violations."""
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    # axe-core goes in with every document the context loads, sent to Chromium once per context
    # rather than its 550 kB over the protocol once per page checked (as long as the check itself).
    # Like an evaluate, an init script is outside the page's content security policy.
    context.add_init_script(script=AXE_JS)
    violations: list[str] = []
    context.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    context.csp_violations = violations
    return context


def csp_violations(page: Any) -> list[str]:
    return list(getattr(page.context, "csp_violations", []))


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = open_context(browser)
    tab = context.new_page()
    yield tab
    violations = list(context.csp_violations)
    context.close()
    assert violations == [], f"Content security policy violations: {violations}"


def _secret(user: User) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return str(decrypt(authenticator.data["secret"]))


def totp_code(user: User) -> str:
    """A currently valid one-time code not yet used in this test run (allauth refuses reuse)."""
    secret = _secret(user)
    while True:
        counter = int(time.time()) // 30
        # Settings allow one period either side; try the current one first.
        for candidate in (counter, counter + 1, counter - 1):
            if (secret, candidate) not in _used_codes:
                _used_codes.add((secret, candidate))
                return str(format_hotp_value(hotp_value(secret, candidate)))
        time.sleep(1)


def wrong_code(user: User) -> str:
    """A six-digit code that no period near now accepts (taking none of the valid ones)."""
    secret = _secret(user)
    counter = int(time.time()) // 30
    valid = {str(format_hotp_value(hotp_value(secret, c))) for c in range(counter - 2, counter + 3)}
    return next(code for code in ("000000", "111111", "222222", "333333", "444444", "555555") if code not in valid)


def sign_in(page: Any, live_server: Any, user: User, password: str = "a-long-test-password-1") -> None:
    """Sign in through the real pages: email and password, then the authenticator app code."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", password)
    page.locator("form").filter(has=page.locator("input[name=password]")).locator(
        "button[type=submit], input[type=submit]"
    ).first.click()
    page.wait_for_selector("input[name=code]")
    page.fill("input[name=code]", totp_code(user))
    page.locator("form").filter(has=page.locator("input[name=code]")).locator(
        "button[type=submit], input[type=submit]"
    ).first.click()
    page.wait_for_load_state("domcontentloaded")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    # A click that follows a link returns once the next page has begun to load, not once it has
    # loaded: axe run in between finds a document with no root element yet (seen in CI, stop 21).
    page.wait_for_load_state("load")
    # open_context's pages have it already; any other page is given it here. Not a <script> tag: the
    # page's policy would (rightly) refuse an inline script without its nonce.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS)
    found: list[dict[str, Any]] = page.evaluate(AXE_RUN)
    return found


def assert_accessible(page: Any) -> None:
    page.wait_for_load_state("load")  # the page's own violations are all reported by then
    assert csp_violations(page) == [], f"Content security policy violations on {page.url}: {csp_violations(page)}"
    violations = axe_violations(page)
    detail = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in violations
    )
    assert violations == [], f"axe-core found serious/critical violations on {page.url}:\n{detail}"


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
