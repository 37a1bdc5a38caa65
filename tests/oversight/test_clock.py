"""The six-month clock and regulation 14 (rules 47-48, C10): the due date clamps at the month end,
a check answers for its month, a missed month is overdue, a pause never moves the statutory date, a
forecast past the due date prompts a recorded discussion with the National Panel, and the monthly
reminder reaches a real SMTP server once a month naming only the case and the deadline."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.deadlines import reminders
from cspr.deadlines.engine import State
from cspr.deadlines.services import deadlines_for_case
from cspr.oversight import clock
from cspr.oversight.models import ClockPause, PanelDiscussion, ProgressCheck
from tests.mail import SMTPServer
from tests.oversight.helpers import D, at, check_post, date_post, lcspr_from, ratified_lcspr
from tests.world import World

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _task(page: str, title: str) -> tuple[str, str]:
    """(hint, status) of a task on the LCSPR task list."""
    item = page.split(title, 1)[1].split("</li>", 1)[0]
    hint = re.search(r'govuk-task-list__hint">([^<]*)<', item)
    status = re.search(r'govuk-task-list__status">(?:<strong[^>]*>)?([^<]*)<', item)
    assert hint is not None
    assert status is not None
    return hint.group(1).strip(), status.group(1).strip()


def _by_key(case: Case) -> dict[str, Any]:
    return {d.key: d for d in deadlines_for_case(case)}


def test_the_six_months_clamp_at_the_month_end_and_each_month_is_counted_from_the_decision(world: World) -> None:
    case = lcspr_from(world.cases["own"], D(2026, 8, 31))
    with at(D(2026, 9, 1)):
        assert _by_key(case)["lcspr"].due == D(2027, 2, 28)
        months = clock.clock_for(case, D(2026, 9, 1)).months
    assert [m.ends_on for m in months] == [
        D(2026, 9, 30),
        D(2026, 10, 31),  # counted from 31 August each time: no drift to the 30th
        D(2026, 11, 30),
        D(2026, 12, 31),
        D(2027, 1, 31),
        D(2027, 2, 28),
    ]


def test_a_check_answers_for_its_month_and_a_month_without_one_is_overdue(world: World, client: Client) -> None:
    case = ratified_lcspr(world)
    with at(D(2026, 12, 17)):
        client.force_login(world.user(Role.BUSINESS_MANAGER))
        check = _by_key(case)["regulation_14_check"]
        assert (check.due, check.state) == (D(2026, 12, 16), State.OVERDUE)
        # The dashboard's deadline list carries it (from the engine), as does the LCSPR task list.
        assert "regulation 14 monthly check" in text(client.get("/"))
        overview = text(client.get(f"/lcspr/{case.reference}/"))
        assert "Regulation 14 monitoring" in overview
        assert _task(overview, "Monthly progress check") == (
            "Regulation 14 check due 16 December 2026; no check recorded yet",
            "Overdue",
        )
        response = client.post(f"/oversight/{case.reference}/checks/add/", check_post(D(2026, 12, 17), D(2027, 5, 1)))
        assert response.status_code == 302
        check = _by_key(case)["regulation_14_check"]
    # Recorded on 17 December, the check answers for the month ending 16 January: the next is due 16 February.
    assert (check.due, check.state) == (D(2027, 2, 16), State.NOT_YET_DUE)
    with at(D(2026, 12, 17)):
        client.force_login(world.user(Role.BUSINESS_MANAGER))
        page = text(client.get(f"/oversight/{case.reference}/"))
        overview = text(client.get(f"/lcspr/{case.reference}/"))
    assert _task(overview, "Monthly progress check") == (
        "Regulation 14 check due 16 February 2027; last check 17 December 2026",
        "Completed",
    )
    assert "16 May 2027" in page
    assert "16 February 2027" in page
    assert "No check recorded" in page


def test_a_pause_is_shown_on_the_clock_without_moving_the_statutory_date(world: World, client: Client) -> None:
    case = ratified_lcspr(world)
    with at(D(2026, 12, 10)):
        client.force_login(world.user(Role.BUSINESS_MANAGER))
        before = _by_key(case)["lcspr"].due
        response = client.post(
            f"/oversight/{case.reference}/pauses/add/",
            {
                "reason_kind": "police",
                "reason": "The police asked us to wait before involving the mother's partner.",
                "agreed_by": "CSPR group chair and the SIO",
                **date_post("started_on", D(2026, 12, 1)),
            },
        )
        assert response.status_code == 302
        pause = ClockPause.objects.get(case=case)
        assert (
            client.post(
                f"/oversight/{case.reference}/pauses/{pause.pk}/end/", date_post("ended_on", D(2026, 12, 9))
            ).status_code
            == 302
        )
        after = _by_key(case)["lcspr"]
        page = text(client.get(f"/oversight/{case.reference}/"))
    assert before == after.due == D(2027, 5, 16)
    assert after.original_due is None
    assert after.adjustment is None
    assert "Police request to delay involving someone" in page
    assert "the statutory date stays 16 May 2027" in page
    assert "9 days" in page  # 1 to 9 December


def test_a_forecast_past_the_due_date_prompts_a_recorded_discussion_with_the_panel(
    world: World, client: Client
) -> None:
    case = ratified_lcspr(world)
    with at(D(2026, 12, 15)):
        client.force_login(world.user(Role.BUSINESS_MANAGER))
        client.post(f"/oversight/{case.reference}/checks/add/", check_post(D(2026, 12, 15), D(2027, 6, 30)))
        overview = text(client.get(f"/lcspr/{case.reference}/"))
        assert "Discuss the forecast delay with the National Panel" in overview
        assert "Forecast 30 June 2027 is after the due date" in overview
        dashboard = text(client.get("/"))
        assert "LCSPRs forecast to finish after six months" in dashboard
        assert case.reference in dashboard
        # A forged forecast in the POST is ignored: the one on record is what was discussed.
        response = client.post(
            f"/oversight/{case.reference}/panel-discussion/",
            {
                **date_post("discussed_on", D(2026, 12, 15)),
                "who": "Business manager; National Panel case adviser",
                "outcome": "The Panel accepts the delay while the criminal trial runs.",
                "forecast_discussed-day": "1",
                "forecast_discussed-month": "1",
                "forecast_discussed-year": "2030",
            },
        )
        assert response.status_code == 302
        assert PanelDiscussion.objects.get(case=case).forecast_discussed == D(2027, 6, 30)
        assert "LCSPRs forecast to finish after six months" not in text(client.get("/"))
        assert "Discussed on 15 December 2026" in text(client.get(f"/lcspr/{case.reference}/"))
        # The forecast slips again: a new discussion is called for.
        client.post(f"/oversight/{case.reference}/checks/add/", check_post(D(2026, 12, 15), D(2027, 8, 31)))
        assert "Forecast 31 August 2027 is after the due date" in text(client.get(f"/lcspr/{case.reference}/"))


def test_the_monthly_reminder_reaches_the_smtp_server_once_a_month_naming_no_child(
    world: World, smtp_server: SMTPServer
) -> None:
    case = ratified_lcspr(world)

    def regulation_14() -> list[Any]:
        return [r for r in smtp_server.wait_for(1, timeout=2) if "regulation 14" in str(r.message["Subject"])]

    for _ in range(2):  # the sweep runs often; the month's reminder goes once
        with at(D(2026, 12, 16), hour=7):
            reminders.sweep(D(2026, 12, 16))
    first = regulation_14()
    assert len(first) == 1
    subject = " ".join(str(first[0].message["Subject"]).split())
    assert (
        subject
        == f"{case.reference}: Monitor the LCSPR's progress and quality (regulation 14 monthly check) – due today"
    )
    body = first[0].message.get_content()
    assert case.reference in body
    assert "16 December 2026" in body
    assert "Testchild" not in body + subject
    assert "Testparent" not in body + subject
    with at(D(2026, 12, 16)):
        ProgressCheck.objects.create(
            case=case,
            checked_on=D(2026, 12, 16),
            checked_by="x",
            timeliness="on_track",
            time_taken="x",
            quality="good",
            quality_notes="x",
            conclusion="x",
            forecast_completion=D(2027, 5, 1),
            recorded_by=world.user(Role.BUSINESS_MANAGER),
        )
    for _ in range(2):
        with at(D(2027, 1, 16), hour=7):
            reminders.sweep(D(2027, 1, 16))
    assert [" ".join(str(r.message["Subject"]).split())[-9:] for r in regulation_14()] == ["due today"] * 2
    # Once the final report is approved the reminders stop.
    Case.objects.filter(pk=case.pk).update(report_approved_date=D(2027, 1, 20))
    smtp_server.clear()
    with at(D(2027, 2, 16), hour=7):
        reminders.sweep(D(2027, 2, 16))
    assert regulation_14() == []


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("checks/add/", check_post(D(2026, 12, 1), D(2027, 5, 1))),
        (
            "pauses/add/",
            {"reason_kind": "police", "reason": "x", "agreed_by": "x", **date_post("started_on", D(2026, 12, 1))},
        ),
    ],
)
def test_read_only_collaborating_and_other_partnership_users_cannot_record(
    world: World, client: Client, path: str, form: dict[str, str]
) -> None:
    case = ratified_lcspr(world)
    for scope in ("other", "collab"):
        lcspr_from(world.cases[scope], D(2026, 11, 16))
    with at(D(2026, 12, 2)):
        client.force_login(world.user(Role.SCRUTINEER))
        assert client.post(f"/oversight/{case.reference}/{path}", form).status_code == 403
        client.force_login(world.user(Role.BUSINESS_MANAGER))
        assert client.post(f"/oversight/{world.cases['other'].reference}/{path}", form).status_code == 404
        assert client.post(f"/oversight/{world.cases['collab'].reference}/{path}", form).status_code == 403
        # The review team writes its own review.
        client.force_login(world.user(Role.REVIEW_TEAM_MEMBER))
        assert client.post(f"/oversight/{case.reference}/{path}", form).status_code == 302
    assert ProgressCheck.objects.count() + ClockPause.objects.count() == 1


def test_forged_and_impossible_values_are_refused(world: World, client: Client) -> None:
    case = ratified_lcspr(world)
    with at(D(2026, 12, 2)):
        client.force_login(world.user(Role.BUSINESS_MANAGER))
        forged = client.post(
            f"/oversight/{case.reference}/checks/add/", check_post(D(2026, 12, 2), D(2027, 5, 1), quality="superb")
        )
        before_decision = client.post(
            f"/oversight/{case.reference}/checks/add/", check_post(D(2026, 11, 1), D(2027, 5, 1))
        )
        future = client.post(f"/oversight/{case.reference}/checks/add/", check_post(D(2026, 12, 9), D(2027, 5, 1)))
        other_pause = ClockPause.objects.create(
            case=world.cases["other"],
            reason_kind="police",
            reason="x",
            agreed_by="x",
            started_on=D(2026, 12, 1),
            recorded_by=world.away_manager,
        )
        stolen = client.post(
            f"/oversight/{case.reference}/pauses/{other_pause.pk}/end/", date_post("ended_on", D(2026, 12, 2))
        )
    assert forged.status_code == before_decision.status_code == future.status_code == 400
    assert "on or after the decision, 16 November 2026" in text(before_decision)
    assert "must be today or in the past" in text(future)
    assert stolen.status_code == 404
    assert not ProgressCheck.objects.exists()
    assert ClockPause.objects.get(pk=other_pause.pk).ended_on is None


def test_no_oversight_pages_without_an_lcspr(world: World, client: Client) -> None:
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    assert client.get(f"/oversight/{world.cases['own'].reference}/").status_code == 404
