"""A partnership administrator resets a person's second factor (issue 16 item 6), and account
holders are emailed when their password, second factor or recovery codes change."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from tests.accounts.helpers import password_step, sign_in
from tests.browser.harness import wrong_code
from tests.mail import SMTPServer
from tests.world import PASSWORD, World, make_user


def _path(user: User) -> str:
    return f"/partnership/users/{user.pk}/reset-second-factor/"


@pytest.mark.django_db(transaction=True)
def test_reset_removes_the_factor_signs_out_audits_emails_and_forces_enrolment(
    world: World, smtp_server: SMTPServer
) -> None:
    person = world.user(Role.CSPR_GROUP_MEMBER)
    theirs = Client()
    sign_in(theirs, person)
    assert theirs.get("/").status_code == 200
    admin = Client()
    admin.force_login(world.user(Role.PARTNERSHIP_ADMIN))
    page = admin.get(f"/partnership/users/{person.pk}/").content.decode()
    assert f'href="{_path(person)}"' in page
    assert "Reset second factor" in admin.get(_path(person)).content.decode()
    smtp_server.clear()

    response = admin.post(_path(person))

    assert response["Location"] == f"/partnership/users/{person.pk}/"
    assert not Authenticator.objects.filter(user=person).exists()
    # Their session ended: the next request is a sign-in page.
    assert theirs.get("/")["Location"].startswith("/accounts/login/")
    event = AuditEvent.objects.get(action="user.second_factor_reset")
    assert event.actor == world.user(Role.PARTNERSHIP_ADMIN)
    assert event.before == {"authenticators": ["totp"]}
    messages = smtp_server.wait_for(1)
    assert [m.recipients for m in messages] == [[person.email]]
    assert "has reset how you confirm it is you" in messages[0].message.get_content()
    # The next sign-in (password only now) goes straight to setting up an authenticator app.
    again = Client()
    assert password_step(again, person.email) in {"/", "/accounts/2fa/totp/activate/"}
    assert again.get("/")["Location"] == "/accounts/2fa/totp/activate/"


@pytest.mark.django_db
def test_other_partnerships_and_non_administrators_cannot_reset(world: World) -> None:
    person = world.user(Role.CSPR_GROUP_MEMBER)
    away_lead = make_user("away.lead@test.invalid", Role.PARTNER_LEAD, partnership=world.away)
    for outsider in (world.away_manager, away_lead, world.user(Role.PARTNER_LEAD)):
        client = Client()
        client.force_login(outsider)
        assert client.get(_path(person)).status_code == 404
        assert client.post(_path(person)).status_code == 404
    assert Authenticator.objects.filter(user=person).exists()
    assert not AuditEvent.objects.filter(action="user.second_factor_reset").exists()


@pytest.mark.django_db
def test_an_administrator_cannot_reset_their_own(world: World) -> None:
    admin = world.user(Role.PARTNERSHIP_ADMIN)
    client = Client()
    client.force_login(admin)
    assert client.post(_path(admin)).status_code == 404
    assert Authenticator.objects.filter(user=admin).exists()


def _bodies(smtp_server: SMTPServer, count: int) -> list[tuple[list[str], str, str]]:
    return [(m.recipients, str(m.message["Subject"]), m.message.get_content()) for m in smtp_server.wait_for(count)]


@pytest.mark.django_db(transaction=True)
def test_holder_emailed_when_password_or_second_factor_changes(world: World, smtp_server: SMTPServer) -> None:
    user = world.user(Role.AUDITOR)
    client = Client()
    sign_in(client, user)
    smtp_server.clear()
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "orbit lantern marmalade", "password2": "orbit lantern marmalade"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    [(to, subject, body)] = _bodies(smtp_server, 1)
    assert to == [user.email]
    assert "password" in (subject + body).lower()
    smtp_server.clear()
    response = client.post("/accounts/2fa/recovery-codes/generate/", {})
    assert response.status_code == 302, response.content.decode()[:500]
    [(to, subject, body)] = _bodies(smtp_server, 1)
    assert to == [user.email]
    assert "recovery codes" in (subject + body).lower()
    # About the account's own change only: nobody else's name or address.
    for other in world.users.values():
        if other.pk != user.pk:
            assert other.email not in body


@pytest.mark.django_db(transaction=True)
def test_holder_emailed_when_a_code_guess_slows_the_account(
    world: World, smtp_server: SMTPServer, settings: Any
) -> None:
    user = world.user(Role.BUSINESS_MANAGER)
    for _ in range(settings.LOCKOUT_FREE_FAILURES):
        client = Client()
        assert password_step(client, user.email) == "/accounts/2fa/authenticate/"
        client.post("/accounts/2fa/authenticate/", {"code": wrong_code(user)})
    [(to, _subject, body)] = _bodies(smtp_server, 1)
    assert to == [user.email]
    assert "wrong one-time codes" in body
