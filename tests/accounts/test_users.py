"""Partnership administrators list, create and disable their partnership's users."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from cspr.accounts.actions import set_password_url
from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from tests.accounts.helpers import password_step, sign_in
from tests.mail import SMTPServer
from tests.world import World, make_user


def admin_client(world: World) -> Client:
    client = Client()
    client.force_login(world.user(Role.PARTNERSHIP_ADMIN))
    return client


@pytest.mark.django_db
def test_list_shows_own_partnership_only(world: World, django_assert_max_num_queries: Any) -> None:
    client = admin_client(world)
    for n in range(5):
        make_user(f"extra{n}@test.invalid", Role.CSPR_GROUP_MEMBER, partnership=world.home, with_mfa=False)
    with django_assert_max_num_queries(12):
        response = client.get("/partnership/users/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "extra4@test.invalid" in page
    assert (
        f'<a class="govuk-link" href="/partnership/users/{world.user(Role.AUDITOR).pk}/">Test Auditor (read-only)</a>'
        in page
    )
    assert world.agency_users["own"].email in page
    assert world.away_manager.email not in page


@pytest.mark.django_db
def test_other_partnerships_users_are_404(world: World) -> None:
    client = admin_client(world)
    outsider = world.away_manager
    for path in (f"/partnership/users/{outsider.pk}/", f"/partnership/users/{outsider.pk}/disable/"):
        assert client.get(path).status_code == 404
    assert client.post(f"/partnership/users/{outsider.pk}/disable/").status_code == 404
    assert client.post(f"/partnership/users/{outsider.pk}/send-link/").status_code == 404
    outsider.refresh_from_db()
    assert outsider.is_active


@pytest.mark.django_db
def test_only_partnership_side_roles_offered(world: World) -> None:
    page = admin_client(world).get("/partnership/users/new/").content.decode()
    assert 'value="business_manager"' in page
    assert 'value="agency_lead"' not in page
    assert 'value="system_admin"' not in page
    response = admin_client(world).post(
        "/partnership/users/new/",
        {"full_name": "A Person", "email": "a.person@test.invalid", "role": "agency_lead"},
    )
    assert response.status_code == 400
    assert not User.objects.filter(email="a.person@test.invalid").exists()


@pytest.mark.django_db
def test_form_errors_are_govuk(world: World) -> None:
    response = admin_client(world).post("/partnership/users/new/", {"email": world.away_manager.email.upper()})
    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: Add a user – CSPR Manager</title>" in page
    assert '<a href="#id_full_name">Enter the person’s full name</a>' in page
    assert "There is already an account with this email address" in page
    assert "Select the person’s role" in page


@pytest.mark.django_db(transaction=True)
def test_create_user_emails_single_use_link_then_first_sign_in_enrols(world: World, smtp_server: SMTPServer) -> None:
    client = admin_client(world)
    response = client.post(
        "/partnership/users/new/",
        {
            "full_name": "Nadia Newcomer",
            "email": "Nadia.Newcomer@Test.invalid",
            "job_title": "Officer",
            "role": "cspr_group_member",
        },
    )
    person = User.objects.get(email="nadia.newcomer@test.invalid")
    assert response["Location"] == f"/partnership/users/{person.pk}/"
    assert person.partnership == world.home
    assert person.role == Role.CSPR_GROUP_MEMBER
    assert not person.has_usable_password()
    event = AuditEvent.objects.get(action="user.created")
    assert event.actor == world.user(Role.PARTNERSHIP_ADMIN)
    assert event.after["role"] == "cspr_group_member"
    assert event.partnership_id == world.home.pk

    messages = smtp_server.wait_for(1)
    assert len(messages) == 1
    assert messages[0].recipients == ["nadia.newcomer@test.invalid"]
    body = messages[0].message.get_content()
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", body)
    assert link is not None
    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    path = "/" + path
    # No personal data in the link: the user id in base 36 and a token.
    assert "nadia" not in path.lower()
    assert "newcomer" not in path.lower()
    assert "expires in 3 days" in body

    visitor = Client()
    response = visitor.get(path, follow=True)
    set_url = response.redirect_chain[-1][0]
    assert "Set a new password" in response.content.decode()
    response = visitor.post(set_url, {"password1": "safeguarding!!", "password2": "safeguarding!!"})
    assert "too easy to guess" in response.content.decode()
    response = visitor.post(set_url, {"password1": "orbit lantern marmalade", "password2": "orbit lantern marmalade"})
    assert response["Location"] == "/accounts/password/reset/key/done/"
    # Single use: the same link no longer works.
    response = Client().get(path, follow=True)
    assert "This link has expired or has been used" in response.content.decode()

    newcomer = Client()
    assert password_step(newcomer, person.email, "orbit lantern marmalade") == "/"
    assert newcomer.get("/cases/")["Location"] == "/accounts/2fa/totp/activate/"


@pytest.mark.django_db
def test_link_expires(world: World, settings: Any) -> None:
    import datetime as dt

    import time_machine

    person = make_user("expiring@test.invalid", Role.AUDITOR, partnership=world.home, with_mfa=False)
    person.set_unusable_password()
    person.save()
    start = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        path = "/" + set_password_url(person).split("://", 1)[1].split("/", 1)[1]
        traveller.move_to(start + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60))
        response = Client().get(path, follow=True)
        assert "This link has expired or has been used" in response.content.decode()


@pytest.mark.django_db
def test_disable_through_the_page(world: World) -> None:
    target = world.user(Role.SCRUTINEER)
    victim_session = Client()
    sign_in(victim_session, target)
    client = admin_client(world)
    page = client.get(f"/partnership/users/{target.pk}/disable/").content.decode()
    assert "They will be signed out straight away" in page
    response = client.post(f"/partnership/users/{target.pk}/disable/")
    assert response["Location"] == f"/partnership/users/{target.pk}/"
    target.refresh_from_db()
    assert not target.is_active
    assert victim_session.get("/")["Location"].startswith("/accounts/login/")
    assert AuditEvent.objects.filter(action="user.disabled", object_id=str(target.pk)).count() == 1
    # Posting again changes nothing and writes nothing.
    client.post(f"/partnership/users/{target.pk}/disable/")
    assert AuditEvent.objects.filter(action="user.disabled", object_id=str(target.pk)).count() == 1
    assert "Disabled" in client.get(f"/partnership/users/{target.pk}/").content.decode()


@pytest.mark.django_db
def test_cannot_disable_yourself(world: World) -> None:
    admin = world.user(Role.PARTNERSHIP_ADMIN)
    assert admin_client(world).post(f"/partnership/users/{admin.pk}/disable/").status_code == 404
    admin.refresh_from_db()
    assert admin.is_active


@pytest.mark.django_db
def test_users_link_in_navigation_for_managers_only(world: World) -> None:
    assert 'href="/partnership/users/"' in admin_client(world).get("/").content.decode()
    client = Client()
    client.force_login(world.user(Role.CSPR_GROUP_MEMBER))
    assert 'href="/partnership/users/"' not in client.get("/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_forgotten_password_email(world: World, smtp_server: SMTPServer) -> None:
    user = world.user(Role.AUDITOR)
    response = Client().post("/accounts/password/reset/", {"email": "nobody@test.invalid"})
    assert response["Location"] == "/accounts/password/reset/done/"
    # Asked through another allowed host name: the link in the email must not follow it.
    response = Client(HTTP_HOST="localhost").post("/accounts/password/reset/", {"email": user.email})
    assert response["Location"] == "/accounts/password/reset/done/"
    messages = smtp_server.wait_for(1)
    # Only the real account gets an email; a stranger's address gets nothing.
    assert [m.recipients for m in messages] == [[user.email]]
    message = messages[0].message
    assert message["Subject"] == "Reset your CSPR Manager password"
    body = message.get_content()
    assert "expires in 3 days" in body
    # The link starts with the configured site address, not the Host header the request came with.
    link = re.search(re.escape(settings.SITE_URL) + r"(/accounts/password/reset/key/\S+)", body)
    assert link is not None
    visitor = Client()
    set_url = visitor.get(link.group(1), follow=True).redirect_chain[-1][0]
    response = visitor.post(set_url, {"password1": "orbit lantern marmalade", "password2": "orbit lantern marmalade"})
    assert response["Location"] == "/accounts/password/reset/key/done/"
    # A new password does not skip the second step.
    assert password_step(Client(), user.email, "orbit lantern marmalade") == "/accounts/2fa/authenticate/"
