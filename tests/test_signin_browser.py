"""A person signs in with a real TOTP code in Chromium and reaches the dashboard; every page is axe-clean."""

from __future__ import annotations

from typing import Any

import pytest

from cspr.accounts.roles import Role
from tests.browser.harness import assert_accessible, sign_in
from tests.world import World


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sign_in_with_totp_reaches_dashboard(page: Any, live_server: Any, world: World) -> None:
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    assert_accessible(page)
    sign_in(page, live_server, world.user(Role.BUSINESS_MANAGER))
    assert page.url.rstrip("/") == live_server.url
    assert page.locator("h1").inner_text() == "Dashboard"
    assert_accessible(page)
    page.goto(f"{live_server.url}/cases/{world.cases['own'].reference}/")
    assert page.locator("h1").inner_text() == f"Case {world.cases['own'].reference}"
    assert_accessible(page)
