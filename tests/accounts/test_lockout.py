"""Throttling: django-axes locks an account after AXES_FAILURE_LIMIT wrong passwords through
allauth's sign-in form, shows the GOV.UK locked-out page, and forgets failures after a success."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client

from cspr.accounts.roles import Role
from tests.accounts.helpers import password_step, sign_in
from tests.world import PASSWORD, World


@pytest.mark.django_db
def test_lockout_after_failure_limit_through_allauth_form(world: World) -> None:
    user = world.user(Role.BUSINESS_MANAGER)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/accounts/login/", {"login": user.email, "password": "wrong-password-123"})
        assert response.status_code == 200
        assert "Enter a correct email address and password" in response.content.decode()
    response = client.post("/accounts/login/", {"login": user.email.upper(), "password": "wrong-password-123"})
    page = response.content.decode()
    assert response.status_code == 429
    assert "You cannot sign in at the moment" in page
    assert '<html lang="en-GB"' in page
    assert "30 minutes" in page
    # Even the right password is refused while locked.
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username=user.email).get().failures_since_start >= settings.AXES_FAILURE_LIMIT


@pytest.mark.django_db
def test_lock_is_per_account(world: World) -> None:
    locked = world.user(Role.BUSINESS_MANAGER)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"login": locked.email, "password": "wrong-password-123"})
    other = world.user(Role.CSPR_GROUP_MEMBER)
    assert password_step(client, other.email) == "/accounts/2fa/authenticate/"


@pytest.mark.django_db
def test_success_resets_failures(world: World) -> None:
    user = world.user(Role.BUSINESS_MANAGER)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/accounts/login/", {"login": user.email, "password": "wrong-password-123"})
    assert AccessAttempt.objects.filter(username=user.email).exists()
    sign_in(client, user)
    assert not AccessAttempt.objects.filter(username=user.email).exists()
    client.logout()
    # A fresh run of failures is needed to lock again.
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = Client().post("/accounts/login/", {"login": user.email, "password": "wrong-password-123"})
        assert response.status_code == 200
