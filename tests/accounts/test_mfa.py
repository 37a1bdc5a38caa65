"""A second factor before any data: first sign-in enrols, nothing else is reachable until then,
the last second factor cannot be removed, and removing one makes every session check again."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.sessions.models import Session
from django.test import Client

from cspr.accounts.middleware import MFA_SESSION_KEY
from cspr.accounts.roles import Role
from tests.accounts.helpers import password_step, sign_in
from tests.world import World, make_user

# Pages with case data or partnership data a half-signed-in user must never reach.
PROTECTED = ["/", "/cases/", "/cases/HOME-2026-001/", "/audit/", "/partnership/", "/partnership/users/"]


def _code(secret: str, offset: int = 0) -> str:
    import time

    return str(format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset)))


@pytest.mark.django_db
def test_first_sign_in_enrols_before_any_data(world: World) -> None:
    user = make_user("first.time@test.invalid", Role.BUSINESS_MANAGER, partnership=world.home, with_mfa=False)
    client = Client()
    assert password_step(client, user.email) == "/"
    # Signed in by password, but every page with data sends them to enrol.
    for path in PROTECTED:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/accounts/2fa/totp/activate/", path
    # So does the rest of /accounts/ (no adding email addresses, no changing passwords first).
    for path in ["/accounts/email/", "/accounts/password/change/", "/accounts/2fa/recovery-codes/generate/"]:
        assert client.get(path)["Location"] == "/accounts/2fa/totp/activate/", path
    page = client.get("/accounts/2fa/totp/activate/").content.decode()
    secret_match = re.search(r'data-secret="([A-Z2-7]+)"', page)
    assert secret_match is not None
    secret = secret_match.group(1)
    response = client.post(
        "/accounts/2fa/totp/activate/", {"code": "123456" if _code(secret) != "123456" else "654321"}
    )
    assert "The code is not correct or has expired" in response.content.decode()
    response = client.post("/accounts/2fa/totp/activate/", {"code": _code(secret)})
    # Recovery codes are made and shown straight away.
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    page = client.get("/accounts/2fa/recovery-codes/").content.decode()
    assert len(re.findall(r'<code class="cspr-code">\w+</code>', page)) == 10
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert client.get("/").status_code == 200
    assert client.get("/cases/HOME-2026-001/").status_code == 200


@pytest.mark.django_db
def test_user_with_totp_is_not_signed_in_until_the_code(world: World) -> None:
    user = world.user(Role.BUSINESS_MANAGER)
    client = Client()
    assert password_step(client, user.email) == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    for path in PROTECTED:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/"), path
    sign_in_client = Client()
    sign_in(sign_in_client, user)
    assert sign_in_client.get("/cases/HOME-2026-001/").status_code == 200


@pytest.mark.django_db
def test_last_second_factor_cannot_be_removed(world: World) -> None:
    user = world.user(Role.BUSINESS_MANAGER)
    client = Client()
    sign_in(client, user)
    response = client.post("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 200
    assert "You cannot remove your authenticator app while it is your only second step" in response.content.decode()
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _sessions_with_flag(user_pk: int) -> list[bool]:
    flags = []
    for session in Session.objects.all():
        data = session.get_decoded()
        if str(data.get("_auth_user_id")) == str(user_pk):
            flags.append(bool(data.get(MFA_SESSION_KEY)))
    return flags


@pytest.mark.django_db
def test_removing_an_authenticator_makes_every_session_check_again(world: World) -> None:
    user = world.user(Role.BUSINESS_MANAGER)
    # A passkey as well, so the authenticator app may be removed.
    passkey = Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data={"name": "Test key"})
    here, elsewhere = Client(), Client()
    sign_in(here, user)
    sign_in(elsewhere, user)
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 200
    assert _sessions_with_flag(user.pk) == [True, True]
    response = here.post("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert _sessions_with_flag(user.pk) == [False, False]
    # Still a passkey: both sessions pass the check again.
    assert here.get("/").status_code == 200
    # An operator removes the passkey too (e.g. a lost device): the other session must enrol again.
    passkey.delete()
    assert elsewhere.get("/cases/HOME-2026-001/")["Location"] == "/accounts/2fa/totp/activate/"


@pytest.mark.django_db
def test_authenticator_removed_outside_allauth_is_caught_within_minutes(world: World) -> None:
    import datetime as dt

    import time_machine

    from cspr.accounts.middleware import MFA_RECHECK_SECONDS

    user = world.user(Role.BUSINESS_MANAGER)
    start = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
    client = Client()
    with time_machine.travel(start, tick=False) as traveller:
        client.force_login(user)
        assert client.get("/").status_code == 200
        Authenticator.objects.filter(user=user).delete()
        traveller.move_to(start + dt.timedelta(seconds=MFA_RECHECK_SECONDS + 1))
        assert client.get("/cases/HOME-2026-001/")["Location"] == "/accounts/2fa/totp/activate/"


@pytest.mark.django_db
def test_authenticator_secrets_are_encrypted_at_rest(world: World) -> None:
    from allauth.mfa.utils import decrypt

    from cspr.accounts.adapters import MFAAdapter

    stored = Authenticator.objects.get(user=world.user(Role.AUDITOR), type=Authenticator.Type.TOTP).data["secret"]
    assert stored.startswith("fernet:")
    secret = decrypt(stored)
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    # Secrets written before encryption (older demo databases) still read.
    assert MFAAdapter().decrypt("JBSWY3DPEHPK3PXP") == "JBSWY3DPEHPK3PXP"
