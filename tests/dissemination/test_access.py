"""Who may use the audit of progress and the dissemination plan: break attempts (a read-only reader's
button, another partnership's report, an agency user, forged POSTs). The access matrix for this
app's URLs is ``tests/test_access_matrix.py -k dissemination``."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import Client

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.dissemination import actions
from cspr.dissemination.models import Activity, ActivityKind, Attendance, Briefing, ProgressReport
from tests.dissemination.helpers import decided, manager
from tests.world import World

pytestmark = pytest.mark.django_db
DAY = "2026-11-16 10:00 +0000"


def _client(world: World, role: Role) -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


def _review_data() -> dict[str, str]:
    return {
        "reviewed_by": "Forged",
        "conclusions": "Forged",
        "reviewed_on-day": "16",
        "reviewed_on-month": "11",
        "reviewed_on-year": "2026",
        "next_review_date-day": "16",
        "next_review_date-month": "2",
        "next_review_date-year": "2027",
    }


@time_machine.travel(DAY, tick=False)
def test_read_only_readers_cannot_generate_review_or_change_the_cycle(world: World) -> None:
    report = actions.generate_report(world.home, acting_user=manager(world))
    for role in (Role.SCRUTINEER, Role.AUDITOR):
        client = _client(world, role)
        assert client.get("/dissemination/progress/").status_code == 200  # they read it (assurance)
        page = client.get(f"/dissemination/progress/{report.pk}/").content.decode()
        assert "Record the CSPR group" not in page  # no button they cannot use
        assert client.post("/dissemination/progress/generate/").status_code == 403
        assert client.post(f"/dissemination/progress/{report.pk}/review/", _review_data()).status_code == 403
        assert client.post("/dissemination/progress/cycle/", {"months": "12"}).status_code == 403
    assert ProgressReport.objects.filter(partnership=world.home).count() == 1
    assert not ProgressReport.objects.get(pk=report.pk).reviewed
    with pytest.raises(PermissionDenied):  # the action refuses too, whatever the page did
        actions.generate_report(world.home, acting_user=world.user(Role.SCRUTINEER))


@time_machine.travel(DAY, tick=False)
def test_another_partnership_agencies_and_review_teams_have_no_such_pages(world: World) -> None:
    report = actions.generate_report(world.home, acting_user=manager(world))
    away = Client()
    away.force_login(world.away_manager)
    for url in (f"/dissemination/progress/{report.pk}/", f"/dissemination/progress/{report.pk}/report.pdf"):
        assert away.get(url).status_code == 404
    assert away.post(f"/dissemination/progress/{report.pk}/review/", _review_data()).status_code == 404
    # Their own index shows their own (empty) audit, never ours.
    assert "Progress report 1" not in away.get("/dissemination/progress/").content.decode()
    for role in (Role.AGENCY_LEAD, Role.LEAD_REVIEWER, Role.PARTNERSHIP_ADMIN, Role.PRACTITIONER):
        client = _client(world, role)
        assert client.get("/dissemination/progress/").status_code == 404
        assert client.get(f"/dissemination/progress/{report.pk}/report.pdf").status_code == 404
        assert client.post("/dissemination/progress/generate/").status_code == 404
    assert not ProgressReport.objects.get(pk=report.pk).reviewed
    assert not AuditEvent.objects.filter(action="read.progress_report_pdf").exists()


@time_machine.travel(DAY, tick=False)
def test_forged_posts_on_the_dissemination_plan_are_refused(world: World) -> None:
    own = decided(world, "own")
    collab = decided(world, "collab")
    theirs = Activity.objects.create(
        case=collab,
        kind=ActivityKind.BRIEFING,
        title="Their briefing",
        audience="Their teams",
        planned_on=dt.date(2026, 11, 10),
        held_on=dt.date(2026, 11, 10),
        recorded_by=world.away_manager,
    )
    client = _client(world, Role.BUSINESS_MANAGER)
    # Another case's activity through our case's URL: it does not exist here.
    url = f"/dissemination/case/{own.reference}/activities/{theirs.pk}/attendance/"
    assert client.post(url, {"organisation": "X", "role": "Y", "number": "5"}).status_code == 404
    # The collaborating partnership reads the lead partnership's plan but changes nothing (C12).
    assert client.get(f"/dissemination/case/{collab.reference}/").status_code == 200
    add = f"/dissemination/case/{collab.reference}/activities/add/"
    assert client.post(add, {"kind": "briefing", "title": "X", "audience": "Y"}).status_code == 403
    assert client.post(f"/dissemination/case/{collab.reference}/briefing/", {"title": "X"}).status_code == 403
    # A forged kind is refused with the form's error, nothing saved.
    forged = {
        "kind": "party",
        "title": "X",
        "audience": "Y",
        "planned_on-day": "1",
        "planned_on-month": "12",
        "planned_on-year": "2026",
    }
    assert client.post(f"/dissemination/case/{own.reference}/activities/add/", forged).status_code == 400
    assert not Activity.objects.filter(case=own).exists()
    # Attendance only for an activity that has been held.
    planned = actions.save_activity(
        own,
        None,
        values={"kind": "learning_event", "title": "Event", "audience": "All", "planned_on": dt.date(2026, 12, 1)},
        expected_version=None,
        acting_user=manager(world),
    )
    response = client.post(
        f"/dissemination/case/{own.reference}/activities/{planned.pk}/attendance/",
        {"organisation": "X", "role": "Y", "number": "5"},
    )
    assert response.status_code == 400
    assert "Record the date it was held before its attendance" in response.content.decode()
    assert not Attendance.objects.exists()
    # A read-only reader's forged POST.
    scrutineer = _client(world, Role.SCRUTINEER)
    assert scrutineer.post(f"/dissemination/case/{own.reference}/briefing/", {"title": "X"}).status_code == 403
    assert not Briefing.objects.exists()
    # An agency user: no such page.
    agency = _client(world, Role.AGENCY_LEAD)
    assert agency.get(f"/dissemination/case/{own.reference}/").status_code == 404
