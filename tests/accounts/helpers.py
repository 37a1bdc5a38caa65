"""Signing in through the real allauth pages with the Django test client."""

from __future__ import annotations

from django.test import Client

from cspr.accounts.models import User
from tests.browser.harness import totp_code
from tests.world import PASSWORD


def password_step(client: Client, email: str, password: str = PASSWORD) -> str:
    """Posts the sign-in form; returns where it redirects to ("" if it did not)."""
    response = client.post("/accounts/login/", {"login": email, "password": password})
    return str(response.get("Location", ""))


def sign_in(client: Client, user: User, password: str = PASSWORD) -> None:
    """Password, then a real one-time code: the way a person signs in."""
    assert password_step(client, user.email, password) == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(user)})
    assert response.status_code == 302, response.content.decode()[:2000]
