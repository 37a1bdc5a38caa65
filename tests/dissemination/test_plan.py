"""A review's dissemination plan (rule 73, §11.3.2): briefings and learning events with audiences,
planned dates, dates held and attendance by agency and role; the 7-minute briefing as an editable
Word document from the learning points (catalogue SEVEN_MINUTE_BRIEFING, not a toolkit document),
access-logged; the case page and LCSPR task-list links; a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from html import unescape
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cspr.accounts.models import User
from cspr.audit.models import AuditEvent, EventKind
from cspr.cases.concurrency import StaleEdit
from cspr.cases.models import Case
from cspr.dissemination import actions
from cspr.dissemination.models import Activity, Attendance, Briefing
from cspr.documents.models import GeneratedDocument
from cspr.learning import actions as learning_actions
from cspr.learning.models import Recommendation
from cspr.organisations.models import PartnerKind
from tests.dissemination.helpers import add_learning_points, decided, manager
from tests.documents.helpers import docx_text
from tests.learning.helpers import add_rec, leads
from tests.world import World

pytestmark = pytest.mark.django_db
DAY = "2026-11-16 10:00 +0000"
TODAY = dt.date(2026, 11, 16)


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


def _client(world: World) -> Client:
    client = Client()
    client.force_login(manager(world))
    return client


@time_machine.travel(DAY, tick=False)
def test_a_briefing_is_planned_held_and_its_attendance_recorded(world: World) -> None:
    case = decided(world)
    client = _client(world)
    base = f"/dissemination/case/{case.reference}/"
    data = {
        "kind": "briefing",
        "title": "7-minute briefing for health visitors",
        "audience": "Health visiting teams",
        **_date("planned_on", dt.date(2026, 11, 13)),
    }
    assert client.post(base + "activities/add/", data).status_code == 302
    activity = Activity.objects.get(case=case)
    # A date held in the future is refused; the typed title is kept.
    late = client.post(
        base + f"activities/{activity.pk}/", data | _date("held_on", dt.date(2026, 11, 20)) | {"version": "1"}
    )
    assert late.status_code == 400
    assert "The date it was held must be today or in the past" in late.content.decode()
    held = data | _date("held_on", dt.date(2026, 11, 13)) | {"version": "1"}
    assert client.post(base + f"activities/{activity.pk}/", held).status_code == 302
    for organisation, role, number in (("Demo Community Health Trust", "Health visitors", 14), ("Demo GP", "GPs", 3)):
        response = client.post(
            base + f"activities/{activity.pk}/attendance/",
            {"organisation": organisation, "role": role, "number": number},
        )
        assert response.status_code == 302
    assert (
        client.post(
            base + f"activities/{activity.pk}/attendance/", {"organisation": "X", "role": "Y", "number": "0"}
        ).status_code
        == 400
    )
    page = unescape(client.get(base).content.decode())
    assert "17 attended" in page
    assert "Demo Community Health Trust, Health visitors: 14" in page
    assert "13 November 2026" in page
    # Someone else's save in between: this one is refused, saying who changed what.
    typed = {
        "kind": "briefing",
        "title": "7-minute briefing for health visitors",
        "audience": "Health visiting teams",
        "planned_on": dt.date(2026, 11, 13),
        "held_on": dt.date(2026, 11, 13),
    }
    actions.save_activity(
        case,
        activity,
        values=typed | {"title": "Renamed"},
        expected_version=2,
        acting_user=manager(world),
    )
    with pytest.raises(StaleEdit):
        actions.save_activity(
            case,
            activity,
            values=typed,
            expected_version=2,
            acting_user=manager(world),
        )
    assert Attendance.objects.filter(activity=activity).count() == 2
    rows = AuditEvent.objects.filter(kind=EventKind.ACTION, action__startswith="dissemination.", case_id=case.pk)
    assert sorted(set(rows.values_list("action", flat=True))) == [
        "dissemination.record_attendance",
        "dissemination.save_activity",
    ]


@time_machine.travel(DAY, tick=False)
def test_the_seven_minute_briefing_is_an_editable_word_document_from_the_learning_points(world: World) -> None:
    case = decided(world)
    add_learning_points(world, case)
    client = _client(world)
    url = f"/dissemination/case/{case.reference}/briefing/"
    form = client.get(url).content.decode()
    assert "Not a toolkit document" in form
    assert "2 learning points" in form
    data = {
        "title": "Seeing the child (fictional)",
        "background": "A fictional review.",
        "why_it_matters": "Children go unseen (fictional).",
        "information": "",
        "questions": "Who lives in the homes you visit?",
        "what_to_do": "Ask about every adult at every visit.",
        "further_information": "",
    }
    missing = client.post(url, data | {"what_to_do": ""})
    assert missing.status_code == 400
    assert 'value="Seeing the child (fictional)"' in missing.content.decode()
    assert client.post(url, data).status_code == 302
    assert Briefing.objects.get(case=case).version == 1
    plan = client.get(f"/dissemination/case/{case.reference}/").content.decode()
    assert "Not a toolkit document (no toolkit number)" in plan
    # The Word file through the documents app: a stored, audited version, downloaded access-logged.
    download = client.post(f"/documents/{case.reference}/generate/SEVEN_MINUTE_BRIEFING/docx/")
    assert download.status_code == 200  # the file itself
    assert download["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert 'filename="HOME-2026-001_SEVEN_MINUTE_BRIEFING.docx"' in download["Content-Disposition"]
    text = docx_text(download.content)
    for needle in (
        "7-minute briefing: Seeing the child (fictional)",
        "1. Background",
        "2. Why it matters",
        "3. Information",
        "4. Learning points",
        "5. Questions to consider",
        "6. What to do",
        "7. Further information",
        "Practitioners accepted explanations for missed appointments (fictional).",
        "Voice of the child",
        "Who lives in the homes you visit?",
        "HOME-2026-001",
    ):
        assert needle in text, needle
    assert "Testchild" not in text
    version = GeneratedDocument.objects.get(case=case, document_id="SEVEN_MINUTE_BRIEFING")
    assert AuditEvent.objects.filter(kind=EventKind.ACCESS, action="read.document", object_id=str(version.pk)).exists()
    # Editable: a second save is a new version of the briefing, checked for concurrent edits.
    assert client.post(url, data | {"title": "Changed", "version": "1"}).status_code == 302
    stale = client.post(url, data | {"title": "Stale", "version": "1"})
    assert stale.status_code == 400
    assert "changed this record after you opened it" in stale.content.decode()
    assert Briefing.objects.get(case=case).title == "Changed"


@time_machine.travel(DAY, tick=False)
def test_the_briefing_prints_only_the_recommendations_all_three_partners_endorsed(world: World) -> None:
    case = decided(world)
    Case.objects.filter(pk=case.pk).update(lcspr_commissioned_date=dt.date(2026, 11, 13))
    case.refresh_from_db()
    add_learning_points(world, case)
    endorsed = add_rec(case, manager(world), addressee="Fictional Council children's services")
    awaiting = add_rec(
        case,
        manager(world),
        addressee="Fictional ICB awaiting police",
        expected_change="Unendorsed fictional change",
        measure="Unendorsed fictional measure",
    )
    partner_leads = leads(world)
    for kind in PartnerKind:
        endorse(endorsed, partner_leads[kind.value], kind.value)
    for kind in (PartnerKind.LOCAL_AUTHORITY, PartnerKind.ICB):  # the police have not endorsed it yet
        endorse(awaiting, partner_leads[kind.value], kind.value)
    client = _client(world)
    generated = client.post(f"/documents/{case.reference}/generate/SEVEN_MINUTE_BRIEFING/docx/")
    assert generated.status_code == 200  # the file itself
    text = docx_text(generated.content)
    assert "Recommendation 1" in text
    assert "Fictional Council children's services" in text
    assert "Supervision records the second question." in text
    assert "Audit of 20 supervision records in six months" in text
    assert "30 June 2027" in text
    assert "Recommendation 2" not in text
    assert "Fictional ICB awaiting police" not in text
    assert "Unendorsed fictional" not in text
    # The learning points are still there, before the recommendations.
    assert text.index("Voice of the child") < text.index("Recommendation 1")


def endorse(rec: Recommendation, lead: User, partner: str) -> None:
    learning_actions.endorse(
        rec, partner=partner, executive_name=lead.full_name, executive_role="Executive", date=TODAY, acting_user=lead
    )


@time_machine.travel(DAY, tick=False)
def test_nothing_is_shared_before_the_decision(world: World) -> None:
    case = world.cases["own"]
    client = _client(world)
    response = client.post(
        f"/dissemination/case/{case.reference}/activities/add/",
        {"kind": "briefing", "title": "Too early", "audience": "All", **_date("planned_on", dt.date(2026, 12, 1))},
    )
    assert response.status_code == 400
    assert "Learning is shared once the Rapid Review" in unescape(response.content.decode())
    assert not Activity.objects.exists()
    assert "Sharing the learning" not in client.get(f"/cases/{case.reference}/").content.decode()


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def _add(world: World, case: Case, n: int) -> None:
    for i in range(n):
        activity = Activity.objects.create(
            case=case,
            kind="learning_event",
            title=f"Event {i}",
            audience="All",
            planned_on=dt.date(2026, 11, 2),
            held_on=dt.date(2026, 11, 2),
            recorded_by=manager(world),
        )
        for j in range(2):
            Attendance.objects.create(
                activity=activity, organisation=f"O{j}", role="R", number=2, recorded_by=manager(world)
            )


@time_machine.travel(DAY, tick=False)
def test_pages_read_in_a_fixed_number_of_queries(world: World) -> None:
    case = decided(world)
    Case.objects.filter(pk=case.pk).update(lcspr_commissioned_date=dt.date(2026, 11, 13))
    client = _client(world)
    paths = [f"/dissemination/case/{case.reference}/", f"/cases/{case.reference}/"]
    _add(world, case, 1)
    for path in paths:
        _queries(client, path)
    small = [_queries(client, p) for p in paths]
    _add(world, case, 8)
    large = [_queries(client, p) for p in paths]
    assert large == small
    case_page = unescape(client.get(paths[1]).content.decode())
    assert "Sharing the learning" in case_page
    assert "9 briefings or events planned, 9 held, 36 attended" in case_page
    lcspr = client.get(f"/lcspr/{case.reference}/").content.decode()
    assert "Dissemination plan" in lcspr
    assert "9 of 9 held; 36 attended" in lcspr


def test_progress_pages_read_in_a_fixed_number_of_queries(world: World, monkeypatch: Any) -> None:
    from cspr.dissemination import progress
    from cspr.dissemination.models import ProgressReport

    client = _client(world)
    monkeypatch.setattr(progress, "render_pdf", lambda report: b"%PDF-1.4 test")
    with time_machine.travel(DAY, tick=False):
        first = actions.generate_report(world.home, acting_user=manager(world))
        _queries(client, "/dissemination/progress/")
        small = [_queries(client, "/dissemination/progress/"), _queries(client, f"/dissemination/progress/{first.pk}/")]
        for _ in range(6):
            actions.generate_report(world.home, acting_user=manager(world))
        rows = [
            {
                "case_reference": "X",
                "number": str(i),
                "action": "A",
                "owner": "O",
                "due": "",
                "rag": "G",
                "progress": "",
                "updated_on": "",
                "evidence": "",
            }
            for i in range(30)
        ]
        ProgressReport.objects.filter(pk=first.pk).update(rows=rows)
        large = [_queries(client, "/dissemination/progress/"), _queries(client, f"/dissemination/progress/{first.pk}/")]
    assert large == small
