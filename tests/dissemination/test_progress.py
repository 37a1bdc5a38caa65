"""The audit of progress (§11.4.1, rule 71): a partnership-set cycle, progress reports of every open
action as HTML and PDF (the documents app's PDF path, opened with pdftotext and pypdf), the CSPR
group's review with its conclusions and the next review date the cycle proposes."""

from __future__ import annotations

import datetime as dt
from html import unescape
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent, EventKind
from cspr.cases.concurrency import StaleEdit
from cspr.dissemination import actions, progress
from cspr.dissemination.models import AuditCycle, ProgressReport
from cspr.organisations.models import Partnership
from tests.dissemination.helpers import manager, pdf_text, pypdf_pages
from tests.world import World

pytestmark = pytest.mark.django_db
DAY = "2026-11-16 10:00 +0000"


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


def _rows(partnership: Partnership) -> list[dict[str, Any]]:
    return [
        {
            "case_reference": "HOME-2026-001",
            "number": "2",
            "action": "Audit of missed health appointments (fictional)",
            "owner": "Demo Named Nurse, Home Test GP",
            "due": "2026-10-30",
            "rag": "R",
            "progress": "Audit tool drafted",
            "updated_on": "2026-10-01",
            "evidence": "",
            "extra_key": "ignored",
        },
        {
            "case_reference": "HOME-2026-001",
            "number": "1",
            "action": "Briefing on professional curiosity (fictional)",
            "owner": "Home Test School",
            "due": "2027-01-29",
            "rag": "G",
            "progress": "Two of three sessions held",
            "updated_on": "2026-11-02",
            "evidence": "Attendance lists",
        },
    ]


@time_machine.travel(DAY, tick=False)
def test_an_empty_report_is_generated_as_html_and_pdf_and_access_logged(world: World) -> None:
    client = Client()
    client.force_login(manager(world))
    response = client.post("/dissemination/progress/generate/")
    report = ProgressReport.objects.get(partnership=world.home)
    assert response.status_code == 302
    assert response["Location"] == f"/dissemination/progress/{report.pk}/"
    assert (report.number, report.generated_on, report.rows) == (1, dt.date(2026, 11, 16), [])
    # Quarterly by default: the cycle proposes three months on.
    assert report.proposed_next_review == dt.date(2027, 2, 16)
    html = unescape(client.get(f"/dissemination/progress/{report.pk}/").content.decode())
    assert "No action of the partnership's action plans was open on 16 November 2026" in html
    pdf = client.get(f"/dissemination/progress/{report.pk}/report.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="HOME_progress-report-1_2026-11-16.pdf"'
    text = pdf_text(pdf.content)
    assert "Audit of progress of the action plans" in text
    assert "Home Test Partnership: progress report 1" in text
    assert "No action of the partnership's action plans is open." in text
    assert "Not yet reviewed" in text
    assert pypdf_pages(pdf.content) >= 1
    generated = AuditEvent.objects.get(kind=EventKind.ACTION, action="dissemination.generate_report")
    assert generated.partnership_id == world.home.pk
    assert generated.after["open_actions"] == 0
    reads = AuditEvent.objects.filter(kind=EventKind.ACCESS, action__startswith="read.progress_report")
    assert {e.action for e in reads} == {"read.progress_report", "read.progress_report_pdf"}
    assert {e.partnership_id for e in reads} == {world.home.pk}


@time_machine.travel(DAY, tick=False)
def test_the_report_holds_the_open_actions_as_they_stood(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "_source", lambda: _rows)
    report = actions.generate_report(world.home, acting_user=manager(world))
    # Sorted by case then number; only the interface's keys are kept.
    assert [r["number"] for r in report.rows] == ["1", "2"]
    assert "extra_key" not in report.rows[1]
    client = Client()
    client.force_login(manager(world))
    html = unescape(client.get(f"/dissemination/progress/{report.pk}/").content.decode())
    assert "2 open actions across 1 review; 1 overdue (Red: 1, Green: 1)." in html
    assert "Overdue" in html
    text = pdf_text(bytes(ProgressReport.objects.get(pk=report.pk).pdf))
    assert "Audit of missed health appointments (fictional)" in text
    assert "30 October 2026 (overdue)" in text
    assert "2 open actions across 1 review; 1 overdue." in text
    # The report never changes afterwards, whatever the action plans do.
    monkeypatch.setattr(progress, "_source", lambda: lambda p: [])
    assert len(ProgressReport.objects.get(pk=report.pk).rows) == 2


@time_machine.travel(DAY, tick=False)
def test_the_cspr_group_review_is_recorded_with_conclusions_and_next_review(world: World) -> None:
    report = actions.generate_report(world.home, acting_user=manager(world))
    client = Client()
    client.force_login(manager(world))
    url = f"/dissemination/progress/{report.pk}/review/"
    form = client.get(url).content.decode()
    assert 'value="16"' in form
    assert 'value="2027"' in form
    bad = client.post(
        url, {"reviewed_by": "CSPR group", "conclusions": "", **_date("reviewed_on", dt.date(2026, 11, 16))}
    )
    assert bad.status_code == 400
    assert "Enter the CSPR group's conclusions" in unescape(bad.content.decode())
    assert 'value="CSPR group"' in bad.content.decode()  # what was typed is kept
    data = {
        "reviewed_by": "Demo CSPR group meeting, chaired by the Demo chair",
        "conclusions": "Progress is slow on health actions; escalate to the ICB lead (fictional).",
        **_date("reviewed_on", dt.date(2026, 11, 16)),
        **_date("next_review_date", dt.date(2027, 2, 16)),
    }
    assert client.post(url, data).status_code == 302
    report.refresh_from_db()
    assert report.reviewed_on == dt.date(2026, 11, 16)
    assert report.next_review_date == dt.date(2027, 2, 16)
    assert report.review_recorded_by == manager(world)
    text = pdf_text(bytes(report.pdf))
    assert "Progress is slow on health actions" in text
    assert "16 February 2027" in text
    # Recorded once: a second review of the same report is refused.
    with pytest.raises(ValidationError):
        actions.record_review(
            report,
            reviewed_on=dt.date(2026, 11, 16),
            reviewed_by="x",
            conclusions="x",
            next_review_date=dt.date(2027, 1, 1),
            acting_user=manager(world),
        )
    index = client.get("/dissemination/progress/").content.decode()
    assert "16 February 2027" in index
    assert AuditEvent.objects.filter(action="dissemination.record_review", partnership_id=world.home.pk).count() == 1


@time_machine.travel(DAY, tick=False)
def test_review_dates_are_checked(world: World) -> None:
    report = actions.generate_report(world.home, acting_user=manager(world))
    user = manager(world)
    for reviewed_on, next_review, field in (
        (dt.date(2026, 11, 17), dt.date(2027, 2, 1), "reviewed_on"),  # in the future
        (dt.date(2026, 11, 13), dt.date(2027, 2, 1), "reviewed_on"),  # before the report
        (dt.date(2026, 11, 16), dt.date(2026, 11, 16), "next_review_date"),
    ):
        with pytest.raises(ValidationError) as error:
            actions.record_review(
                report,
                reviewed_on=reviewed_on,
                next_review_date=next_review,
                reviewed_by="CSPR group",
                conclusions="Fine",
                acting_user=user,
            )
        assert field in error.value.message_dict
    assert not ProgressReport.objects.get(pk=report.pk).reviewed


@time_machine.travel(DAY, tick=False)
def test_the_cycle_is_a_partnership_setting_audited_and_concurrency_checked(world: World) -> None:
    client = Client()
    client.force_login(world.user(Role.PARTNER_LEAD))
    assert client.post("/dissemination/progress/cycle/", {"months": "6"}).status_code == 302
    cycle = AuditCycle.objects.get(partnership=world.home)
    assert (cycle.months, cycle.version) == (6, 1)
    event = AuditEvent.objects.get(action="dissemination.set_cycle")
    assert (event.partnership_id, event.before, event.after["months"]) == (world.home.pk, {"months": 3}, 6)
    report = actions.generate_report(world.home, acting_user=manager(world))
    assert report.proposed_next_review == dt.date(2027, 5, 16)
    actions.set_cycle(world.home, months=12, expected_version=1, acting_user=manager(world))
    with pytest.raises(StaleEdit):
        actions.set_cycle(world.home, months=1, expected_version=1, acting_user=manager(world))
    stale = client.post("/dissemination/progress/cycle/", {"months": "1", "version": "1"})
    assert stale.status_code == 400
    assert "changed this record after you opened it" in stale.content.decode()
    assert AuditCycle.objects.get(partnership=world.home).months == 12
    assert client.post("/dissemination/progress/cycle/", {"months": "5"}).status_code == 400  # forged value


def test_next_review_clamps_month_ends() -> None:
    assert progress.next_review(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)


@time_machine.travel(DAY, tick=False)
def test_the_report_reads_the_open_actions_of_the_action_plans(world: World) -> None:
    """On the real action plans: open actions of the cases the partnership leads; closed, carried and
    another partnership's actions are left out; the latest progress update is shown."""
    from cspr.actionplans.models import Action, ProgressUpdate, Rag, Source, Status

    def action(case_scope: str, number: int, **values: Any) -> Action:
        fields: dict[str, Any] = {
            "source": Source.IMMEDIATE_LEARNING,
            "source_text": "x",
            "agreed_action": f"Action {case_scope} {number} (fictional)",
            "responsible_person": "Named Nurse (fictional)",
            "responsible_organisation": "Home Test GP",
            "due_date": dt.date(2026, 12, 31),
            "created_by": manager(world),
        }
        return Action.objects.create(case=world.cases[case_scope], number=number, **(fields | values))

    red = action("own", 1, rag=Rag.RED, due_date=dt.date(2026, 11, 2))
    ProgressUpdate.objects.create(
        action=red, on=dt.date(2026, 10, 1), rag=Rag.AMBER, text="Old", recorded_by=manager(world)
    )
    ProgressUpdate.objects.create(
        action=red, on=dt.date(2026, 11, 9), rag=Rag.RED, text="Stalled (fictional)", recorded_by=manager(world)
    )
    action("own", 2, rag=Rag.GREEN)
    action("own", 3, status=Status.CLOSED)
    action("own", 4, status=Status.CARRIED)
    action("other", 1)
    action("collab", 1)  # led by the other partnership: theirs to audit
    rows = progress.open_actions_for_partnership(world.home)
    assert [(r["case_reference"], r["number"]) for r in rows] == [("HOME-2026-001", "1"), ("HOME-2026-001", "2")]
    assert rows[0]["progress"] == "Stalled (fictional)"
    assert rows[0]["updated_on"] == "2026-11-09"
    assert rows[0]["owner"] == "Named Nurse (fictional), Home Test GP"
    report = actions.generate_report(world.home, acting_user=manager(world))
    text = pdf_text(bytes(report.pdf))
    assert "Action own 1 (fictional)" in text
    assert "Action other 1" not in text
    assert "2 open actions across 1 review; 1 overdue." in text
