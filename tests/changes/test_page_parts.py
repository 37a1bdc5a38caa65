"""Stored page parts are never served after a change they depend on (issue 15).

These tests commit (``transactional_db``): parts are stored only outside a transaction, as in
production, where each request's reads commit as they go.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case, CaseCollaborator, Person
from cspr.changes import fragments
from cspr.deadlines.models import DeadlineAdjustment
from cspr.portal.models import InformationRequest, RequestEvent, RequestState, RequestType
from tests.changes.helpers import entry
from tests.world import World, build_world, make_case

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def committed_world(transactional_db: None) -> World:
    return build_world()


def client_for(user: User, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def stored() -> int:
    return len(caches[fragments.CACHE]._cache)  # type: ignore[attr-defined]


def test_the_case_page_shows_a_change_made_behind_its_back(committed_world: World) -> None:
    case = committed_world.cases["own"]
    client = client_for(committed_world.user(Role.BUSINESS_MANAGER))
    first = client.get(f"/cases/{case.reference}/").content.decode()
    assert stored() == 1
    assert client.get(f"/cases/{case.reference}/").content.decode().count("Testsibling") == 0
    # Written as a task or a data fix would: no named action, no audit row, no request.
    Person.objects.create(case=case, role="sibling", first_name="Testsibling", last_name="Fictional")
    after = client.get(f"/cases/{case.reference}/").content.decode()
    assert "Testsibling" not in first
    assert "Testsibling" in after


def test_the_same_part_is_served_to_each_session_with_its_own_form_token(committed_world: World) -> None:
    case = committed_world.cases["own"]
    manager = committed_world.user(Role.BUSINESS_MANAGER)
    tokens = []
    for _ in range(2):  # two browsers, one user: the second page comes from the store
        client = client_for(manager, enforce_csrf_checks=True)
        page = client.get(f"/cases/{case.reference}/").content.decode()
        found = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert found, "the documents section has its forms"
        assert "\x00" not in page
        # The form on the stored part posts with this session's token: accepted (not a 403).
        action = re.search(r'<form method="post" action="([^"]+/generate/[^"]+)"', page)
        assert action is not None
        response = client.post(action.group(1), {"csrfmiddlewaretoken": found[0]})
        assert response.status_code in (200, 302), response.status_code
        tokens.append(found[0])
    assert stored() >= 1
    assert tokens[0] != tokens[1]


def test_the_dashboard_shows_a_case_the_partnership_has_just_been_asked_to_collaborate_on(
    committed_world: World,
) -> None:
    client = client_for(committed_world.user(Role.BUSINESS_MANAGER))
    away_case = make_case("AWAY-2026-003", committed_world.away)
    Case.objects.filter(pk=away_case.pk).update(stage="rapid_review")
    before = client.get("/").content.decode()
    CaseCollaborator.objects.create(case=away_case, partnership=committed_world.home)
    after = client.get("/").content.decode()
    assert "AWAY-2026-003" not in before
    assert "AWAY-2026-003" in after


def test_the_chronology_shows_a_flag_set_through_the_page(committed_world: World) -> None:
    case = committed_world.cases["own"]
    row = entry(case, committed_world, "Seen at school (fictional)")
    client = client_for(committed_world.user(Role.BUSINESS_MANAGER))
    url = f"/chronology/{case.reference}/"
    assert "Flag as key practice learning event" in client.get(url).content.decode()
    page = client.get(url).content.decode()  # from the store
    response = client.post(f"/chronology/{case.reference}/entries/{row.pk}/flag/", {"flagged": "1"})
    assert response.status_code == 302
    after = client.get(url).content.decode()
    assert "Remove key event flag" in after
    assert "Remove key event flag" not in page
    # Each filter and page is its own part.
    filtered = client.get(url, {"show": "key"}).content.decode()
    assert "Seen at school (fictional)" in filtered


def test_a_renamed_user_is_shown_renamed(committed_world: World) -> None:
    """Users are partnership data (the reference stamp), not a case's rows."""
    case = committed_world.cases["own"]
    Case.objects.filter(pk=case.pk).update(
        decision_date=dt.date(2026, 11, 20),
        ratified_date=dt.date(2026, 11, 20),
        lcspr_commissioned_date=dt.date(2026, 11, 20),
    )
    recorder = committed_world.user(Role.PARTNER_LEAD)
    DeadlineAdjustment.objects.create(
        case=case,
        deadline_key="lcspr",
        kind="extension",
        original_due=dt.date(2027, 5, 20),
        new_due=dt.date(2027, 7, 20),
        reason="The family asked for more time (fictional)",
        agreed_by="The three partners",
        recorded_by=recorder,
    )
    client = client_for(committed_world.user(Role.BUSINESS_MANAGER))
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert f"recorded by {recorder.full_name}" in page
    User.objects.filter(pk=recorder.pk).update(full_name="Renamed Testpartner")
    assert "recorded by Renamed Testpartner" in client.get(f"/cases/{case.reference}/").content.decode()


def test_nothing_is_stored_from_inside_a_transaction(committed_world: World) -> None:
    case = committed_world.cases["own"]
    client = client_for(committed_world.user(Role.BUSINESS_MANAGER))
    with transaction.atomic():
        assert client.get(f"/cases/{case.reference}/").status_code == 200
    assert stored() == 0
    assert client.get(f"/cases/{case.reference}/").status_code == 200
    assert stored() == 1


def test_another_user_is_not_served_the_first_users_part(committed_world: World) -> None:
    """Break attempt: a read-only user, and an outsider, ask for a page a writer's visit has stored."""
    case = committed_world.cases["own"]
    url = f"/cases/{case.reference}/"
    writer = client_for(committed_world.user(Role.BUSINESS_MANAGER)).get(url).content.decode()
    assert "/generate/" in writer  # the writer's part has the documents' buttons
    reader = client_for(committed_world.user(Role.SCRUTINEER)).get(url).content.decode()
    assert "/generate/" not in reader  # built for the reader, not the writer's served again
    assert stored() == 2
    # The access check comes before any stored part: another partnership's manager is refused.
    assert client_for(committed_world.away_manager).get(url).status_code == 404
    assert stored() == 2


def test_a_part_built_by_one_process_is_served_by_another_from_the_shared_store(committed_world: World) -> None:
    case = committed_world.cases["own"]
    client = client_for(committed_world.user(Role.BUSINESS_MANAGER))
    url = f"/cases/{case.reference}/"
    with CaptureQueriesContext(connection) as built:
        first = client.get(url).content.decode()
    caches[fragments.CACHE].clear()  # another web process: its own memory is empty
    with CaptureQueriesContext(connection) as served:
        again = client.get(url).content.decode()
    assert len(served) < len(built) - 5  # the sections' own queries were not run again
    assert _without_nonce(again) == _without_nonce(first)


def _without_nonce(html: str) -> str:
    return re.sub(r'nonce="[^"]+"', "", re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html))


def test_a_request_page_shows_an_event_recorded_behind_its_back(committed_world: World) -> None:
    """A row two steps from its case (request event -> request -> case) raises the case's stamp."""
    case = committed_world.cases["own"]
    info = InformationRequest.objects.create(
        case=case,
        agency=committed_world.agencies["own"],
        request_type=RequestType.SCOPING,
        state=RequestState.SUBMITTED,
    )
    client = client_for(committed_world.user(Role.BUSINESS_MANAGER))
    url = f"/portal/case/{case.reference}/requests/{info.pk}/"
    before = client.get(url).content.decode()
    assert client.get(url).content.decode().count("Test note from the task worker") == 0
    RequestEvent.objects.create(
        request=info,
        transition="remind",
        from_state="submitted",
        to_state="submitted",
        actor_label="Test note from the task worker (fictional)",
        note="Test note from the task worker (fictional)",
    )
    assert "Test note from the task worker" not in before
    assert "Test note from the task worker" in client.get(url).content.decode()


def test_expired_parts_are_deleted_from_the_shared_table_by_the_scheduled_task(
    committed_world: World, settings: Any
) -> None:
    """In the database table, as in production (the other tests keep the shared store in memory)."""
    from django.core.management import call_command
    from django.utils import timezone

    from cspr.changes.tasks import drop_expired_page_parts

    settings.CACHES = {
        **settings.CACHES,
        fragments.SHARED: {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cspr_page_parts"},
    }
    call_command("createcachetable", verbosity=0)
    store = caches[fragments.SHARED]
    store.clear()
    case = committed_world.cases["own"]
    client = client_for(committed_world.user(Role.BUSINESS_MANAGER))
    assert client.get(f"/cases/{case.reference}/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM cspr_page_parts")
        assert cursor.fetchone()[0] == 1
        assert drop_expired_page_parts.call() == 0  # not yet expired
        cursor.execute("UPDATE cspr_page_parts SET expires = %s", [timezone.now() - dt.timedelta(seconds=1)])
    assert drop_expired_page_parts.call() == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM cspr_page_parts")
        assert cursor.fetchone()[0] == 0
    assert "cspr.changes.tasks.drop_expired_page_parts" in settings.PERIODIC_TASKS


def test_each_query_string_is_its_own_part(committed_world: World) -> None:
    """The dashboard's deadlines panel filters by its query string (found by CI: a filtered view was
    served the unfiltered part)."""
    case = committed_world.cases["own"]
    Case.objects.filter(pk=case.pk).update(scoping_sent_date=dt.date(2026, 11, 4))
    client = client_for(committed_world.user(Role.BUSINESS_MANAGER))
    with time_machine.travel(dt.datetime(2026, 11, 17, 9, 30, tzinfo=dt.UTC), tick=False):
        everything = client.get("/").content.decode()
        agencies_only = client.get("/", {"responsible": "agencies"}).content.decode()
        again = client.get("/", {"responsible": "agencies"}).content.decode()
    assert "Hold the Rapid Review meeting" in everything
    assert "Hold the Rapid Review meeting" not in agencies_only
    assert "Agencies return the scoping templates" in agencies_only
    assert "Hold the Rapid Review meeting" not in again
    assert stored() == 2
