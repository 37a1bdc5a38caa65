"""Sessions end after 30 idle minutes or 12 hours in all; disabling a user ends theirs at once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from cspr.accounts.actions import disable_user
from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from tests.accounts.helpers import sign_in
from tests.world import World

START = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def test_limits_are_30_minutes_and_12_hours() -> None:
    assert settings.SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_ABSOLUTE_MINUTES == 12 * 60


@pytest.mark.django_db
def test_idle_timeout(world: World) -> None:
    client = Client()
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(world.user(Role.BUSINESS_MANAGER))
        assert client.get("/").status_code == 200
        traveller.move_to(START + dt.timedelta(minutes=29))
        assert client.get("/").status_code == 200
        # 29 minutes after the last request: still within the idle limit.
        traveller.move_to(START + dt.timedelta(minutes=58))
        assert client.get("/").status_code == 200
        traveller.move_to(START + dt.timedelta(minutes=58 + 31))
        response = client.get("/cases/HOME-2026-001/")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?expired=1"
        assert "_auth_user_id" not in client.session
        assert client.get("/")["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_absolute_timeout_even_when_active(world: World) -> None:
    client = Client()
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(world.user(Role.BUSINESS_MANAGER))
        assert client.get("/").status_code == 200
        minutes = 0
        while minutes + 20 < 12 * 60:
            minutes += 20
            traveller.move_to(START + dt.timedelta(minutes=minutes))
            assert client.get("/").status_code == 200, minutes
        traveller.move_to(START + dt.timedelta(hours=12, minutes=1))
        assert client.get("/")["Location"] == "/accounts/login/?expired=1"


@pytest.mark.django_db
def test_disabling_a_user_ends_their_live_session_and_is_audited(world: World) -> None:
    target = world.user(Role.CSPR_GROUP_MEMBER)
    admin = world.user(Role.PARTNERSHIP_ADMIN)
    client = Client()
    sign_in(client, target)
    assert client.get("/cases/HOME-2026-001/").status_code == 200
    disable_user(target, acting_user=admin)
    target.refresh_from_db()
    assert target.is_active is False
    response = client.get("/cases/HOME-2026-001/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    event = AuditEvent.objects.filter(action="user.disabled").get()
    assert event.actor == admin
    assert event.object_id == str(target.pk)
    assert event.partnership_id == world.home.pk
    assert event.detail["sessions_ended"] == 1
    assert event.before == {"is_active": True}
    assert event.after == {"is_active": False}
    # And they cannot sign in again.
    again = Client()
    response = again.post("/accounts/login/", {"login": target.email, "password": "a-long-test-password-1"})
    assert response["Location"] == "/accounts/inactive/"
    assert "_auth_user_id" not in again.session
