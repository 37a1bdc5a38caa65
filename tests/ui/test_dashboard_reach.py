"""The dashboard's panels each ask for the user's cases: the partnership's collaborating cases are
read once per page, not once per panel (issue 15: it was read five times on the national data set),
and a collaboration recorded after one page is on the next."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from cspr.access import cases_for_user, one_reach_per_page
from cspr.accounts.roles import Role
from cspr.cases.models import CaseCollaborator
from tests.world import World

pytestmark = pytest.mark.django_db


def _collaborator_reads(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return sum(1 for q in queries if 'FROM "cases_casecollaborator"' in q["sql"])


def test_the_dashboard_reads_the_collaborating_cases_once(world: World) -> None:
    client = Client()
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    assert _collaborator_reads(client) == 1


def test_a_collaboration_added_after_a_page_is_seen_by_the_next(world: World) -> None:
    user = world.user(Role.BUSINESS_MANAGER)
    other = world.cases["other"]
    with one_reach_per_page():
        assert other not in cases_for_user(user)
    assert user.partnership is not None
    CaseCollaborator.objects.create(case=other, partnership=user.partnership)
    with one_reach_per_page():
        assert other in cases_for_user(user)


def _overdue_request(world: World, scope: str) -> None:
    from cspr.portal.models import InformationRequest, RequestState, RequestType

    InformationRequest.objects.create(
        case=world.cases[scope],
        agency=world.agencies["own"],
        request_type=RequestType.SCOPING,
        state=RequestState.SENT,
        due_date=dt.date(2026, 11, 20),
    )


@pytest.mark.parametrize(
    ("role", "seen"),
    [
        (Role.BUSINESS_MANAGER, {"HOME-2026-001", "AWAY-2026-002"}),  # own and collaborating, not other
        (Role.LEAD_REVIEWER, set()),  # a member of "own", but the panel is the coordinator's
    ],
)
def test_overdue_requests_and_urgent_actions_cover_the_users_reach_only(
    world: World, role: Role, seen: set[str]
) -> None:
    """The panels filter on the case's own columns (``cspr.access.in_reach``), not a subquery of
    every case: the reach must be exactly ``cases_for_user``'s."""
    from cspr.actionplans.models import Action, Source
    from cspr.actionplans.views import dashboard_rows
    from cspr.portal.panels import coordinator_panel

    for scope in ("own", "other", "collab"):
        _overdue_request(world, scope)
        Action.objects.create(
            case=world.cases[scope],
            number=1,
            source=Source.choices[0][0],
            source_text="Test learning",
            agreed_action="Test action",
            responsible_person="Test Person",
            responsible_organisation="Test Organisation",
            due_date=dt.date(2026, 11, 20),
            created_by=world.user(Role.BUSINESS_MANAGER),
        )
    user = world.user(role)
    request = RequestFactory().get("/")
    request.user = user
    with time_machine.travel(dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC), tick=False), one_reach_per_page():
        panel = coordinator_panel(request)
        rows, count = dashboard_rows(user, dt.date(2026, 12, 7))
    shown = {r.case.reference for r in panel.context["requests"]} if panel else set()  # type: ignore[attr-defined]
    assert shown == seen
    readable = {c.reference for c in cases_for_user(user)}
    assert {a.case.reference for a in rows} == readable
    assert count == len(readable)
