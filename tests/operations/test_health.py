"""``/healthz`` and ``/readyz``: public, no session, no second factor, nothing but "ok" or a check's name."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cspr.accounts.roles import Role
from cspr.operations import health
from tests.world import World


def test_healthz_answers_without_touching_the_database() -> None:
    # No django_db mark: any query would fail the test.
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_checks_every_part_and_says_nothing_else() -> None:
    with CaptureQueriesContext(connection):
        response = Client().get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok", "document_store": "ok", "task_queue": "ok"},
    }
    # The probe file is removed again.
    assert default_storage.listdir("readyz")[1] == []


@pytest.mark.django_db
def test_readyz_is_503_naming_the_failed_part_without_its_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_store() -> None:
        raise PermissionError("/srv/cspr/files is read-only (secret detail)")

    monkeypatch.setitem(health.CHECKS, "document_store", broken_store)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["document_store"] == "failed"
    assert response.json()["status"] == "not ready"
    assert b"secret detail" not in response.content


@pytest.mark.django_db
def test_readyz_without_a_database_does_not_check_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_database() -> None:
        raise ConnectionError("could not connect to server")

    monkeypatch.setitem(health.CHECKS, "database", no_database)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "failed",
        "migrations": "not checked",
        "cache": "not checked",
        "document_store": "not checked",
        "task_queue": "not checked",
    }


@pytest.mark.django_db
def test_unapplied_migrations_make_the_process_not_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(
        "django.db.migrations.executor.MigrationExecutor.migration_plan", lambda self, targets: [("x", False)]
    )
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "failed"


@pytest.mark.django_db
def test_a_signed_in_user_without_a_second_factor_is_not_sent_to_enrol(world: World) -> None:
    client = Client()
    user = world.user(Role.BUSINESS_MANAGER)
    Authenticator.objects.filter(user=user).delete()
    client.force_login(user)
    assert client.get("/").status_code == 302  # every other page sends them to enrol
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_health_endpoints_are_not_redirected_to_https(settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/healthz").status_code == 200
    assert Client().get("/accounts/login/").status_code == 301


def test_only_safe_methods() -> None:
    assert Client().post("/healthz").status_code == 405
