"""A one-time code that was right but already used says so, instead of "not correct or has expired"."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.test import Client

from cspr.accounts.roles import Role
from tests.accounts.helpers import password_step
from tests.world import World

NOW = dt.datetime(2026, 11, 29, 14, 0, 5, tzinfo=dt.UTC)
NOT_CORRECT = "The code is not correct or has expired"


def _current_code(user: object) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return str(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))


def _sign_out(client: Client) -> None:
    client.post("/accounts/logout/")


@pytest.mark.django_db
def test_a_reused_authenticator_code_says_it_was_already_used(world: World) -> None:
    user = world.user(Role.BUSINESS_MANAGER)
    client = Client()
    with time_machine.travel(NOW, tick=False):
        code = _current_code(user)
        assert password_step(client, user.email) == "/accounts/2fa/authenticate/"
        assert client.post("/accounts/2fa/authenticate/", {"code": code})["Location"] == "/"
        _sign_out(client)
        # Someone who saw the code over a shoulder, or the same person pressing back and resubmitting.
        assert password_step(client, user.email) == "/accounts/2fa/authenticate/"
        response = client.post("/accounts/2fa/authenticate/", {"code": code})
        page = response.content.decode()
        assert response.status_code == 200
        assert "This code has already been used" in page
        assert NOT_CORRECT not in page
        # Still not signed in.
        assert client.get("/")["Location"].startswith("/accounts/")
        # A wrong code keeps the old message.
        wrong = "000000" if code != "000000" else "111111"
        page = client.post("/accounts/2fa/authenticate/", {"code": wrong}).content.decode()
        assert NOT_CORRECT in page
        assert "already been used" not in page


@pytest.mark.django_db
def test_a_spent_recovery_code_says_it_was_already_used(world: World) -> None:
    user = world.user(Role.SCRUTINEER)
    recovery = RecoveryCodes.activate(user)
    spare = recovery.generate_codes()[0]
    client = Client()
    with time_machine.travel(NOW, tick=False):
        assert password_step(client, user.email) == "/accounts/2fa/authenticate/"
        assert client.post("/accounts/2fa/authenticate/", {"code": spare})["Location"] == "/"
        _sign_out(client)
        assert password_step(client, user.email) == "/accounts/2fa/authenticate/"
        page = client.post("/accounts/2fa/authenticate/", {"code": spare}).content.decode()
        assert "This recovery code has already been used" in page
        assert NOT_CORRECT not in page
