"""Dates tell the truth (issue 11): a deadline is met only by an event that happened, a row never
says "due today" under an "Overdue" tag, the dashboard's counts are its rows, and the LCSPR clock
and its regulation 14 reminder start from the ratified decision to hold one (C10, rules 47-48)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.cases.models import Case, Stage
from cspr.deadlines import reminders
from cspr.deadlines.engine import State
from cspr.deadlines.services import deadlines_for_case
from cspr.organisations.models import PartnerKind
from cspr.rapidreview import actions
from tests.mail import SMTPServer
from tests.rapidreview.helpers import add_family_member, complete_record, decide_lcspr, meeting_with, ratify_all
from tests.world import World, make_case

D = dt.date


def at(day: dt.date, hour: int = 10) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=dt.UTC), tick=False)


def text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_meeting_set_ahead_is_not_met_before_it_happens(world: World) -> None:
    case = world.cases["own"]  # referral Monday 2 November 2026
    manager = world.user(Role.BUSINESS_MANAGER)
    with at(D(2026, 11, 29)):
        actions.set_meeting(case, date=D(2026, 12, 1), time="10am", location="Room 1", acting_user=manager)
        case.refresh_from_db()
        meeting = {d.key: d for d in deadlines_for_case(case)}["meeting"]
        assert meeting.state is State.OVERDUE  # the window closed on 19 November; nothing has happened yet
        assert meeting.met_on is None
        assert "Planned for 1 December 2026." in meeting.notes
        client = Client()
        client.force_login(manager)
        page = text(client.get(reverse("cases:detail", args=[case.reference])))
        assert "Met on 1 December 2026" not in page
    with at(D(2026, 12, 1)):
        meeting = {d.key: d for d in deadlines_for_case(case)}["meeting"]
        assert meeting.state is State.MET
        assert meeting.state_label == "Met on 1 December 2026"


def test_a_scoping_return_is_still_chased_while_the_meeting_is_only_planned(world: World) -> None:
    case = world.cases["own"]
    with at(D(2026, 11, 10)):
        actions.set_meeting(
            case, date=D(2026, 11, 13), time="", location="", acting_user=world.user(Role.BUSINESS_MANAGER)
        )
        case.refresh_from_db()
        assert {d.key: d for d in deadlines_for_case(case)}["scoping_return"].state is State.DUE_SOON


def _dashboard(world: World) -> tuple[str, list[str], dict[str, int]]:
    client = Client()
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    page = text(client.get(reverse("ui:dashboard")))
    panel = page[page.index("Statutory deadlines due soon or overdue") :]
    panel = panel[: panel.find("</section>")]
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', panel.split("<tbody", 1)[1])
    counts = re.search(r"(\d+) overdue, (\d+) due today, (\d+) due in the next 2 working days", panel)
    assert counts is not None
    return panel, rows, {"overdue": int(counts[1]), "today": int(counts[2]), "soon": int(counts[3])}


def test_a_deadline_due_on_friday_is_overdue_not_due_today_on_saturday(world: World) -> None:
    # Referral Tuesday 3 November: the meeting window closes on Friday 20 November (13 working days).
    case = make_case("HOME-2026-090", world.home)
    Case.objects.filter(pk=case.pk).update(aware_date=D(2026, 11, 3), referral_received_date=D(2026, 11, 3))
    with at(D(2026, 11, 21)):
        _, rows, counts = _dashboard(world)
    mine = [r for r in rows if "HOME-2026-090" in r and "Hold the Rapid Review meeting" in r]
    assert len(mine) == 1
    assert "Overdue" in mine[0]
    assert "due today" not in mine[0]
    # The counts are the rows: each tag counted once, in the state it shows.
    assert counts["overdue"] == sum(1 for r in rows if ">Overdue<" in r)
    assert counts["today"] == sum(1 for r in rows if ">Due today<" in r) == 0
    assert counts["soon"] == sum(1 for r in rows if ">Due soon<" in r)
    assert counts["overdue"] + counts["today"] + counts["soon"] == len(rows)


def test_dashboard_counts_agree_with_rows_on_a_working_day(world: World) -> None:
    with at(D(2026, 11, 19)):
        _, rows, counts = _dashboard(world)
    assert counts["today"] == sum(1 for r in rows if ">Due today<" in r) > 0
    assert counts["overdue"] == sum(1 for r in rows if ">Overdue<" in r) > 0
    assert not any(">Overdue<" in r and "due today" in r for r in rows)


# --- The LCSPR clock -------------------------------------------------------------------------


def _ratified_lcspr(world: World) -> Case:
    case = world.cases["own"]
    add_family_member(case)
    meeting_with(world, case, list(PartnerKind))
    decide_lcspr(world, case)  # decision (b) on Friday 13 November 2026
    ratify_all(world, case)  # all three on Monday 16 November 2026
    case.refresh_from_db()
    return case


def test_the_lcspr_clock_starts_at_the_ratified_decision(world: World) -> None:
    with at(D(2026, 11, 16)):
        case = _ratified_lcspr(world)
    assert case.lcspr_commissioned_date == D(2026, 11, 16)
    assert case.stage == Stage.RATIFICATION  # the headline stays with the Rapid Review
    with at(D(2026, 12, 2)):
        by_key = {d.key: d for d in deadlines_for_case(case)}
    assert by_key["lcspr"].due == D(2027, 5, 16)
    assert by_key["lcspr"].state is State.NOT_YET_DUE
    assert by_key["lcspr"].state_label != "Cannot start yet"
    assert by_key["regulation_14_check"].due == D(2026, 12, 16)


def test_a_decision_without_an_lcspr_starts_no_lcspr_clock(world: World) -> None:
    case = world.cases["own"]
    with at(D(2026, 11, 16)):
        meeting_with(world, case, list(PartnerKind))
        complete_record(world, case)  # Document 4 sections 1-2 before the decision
        actions.record_decision(
            case,
            expected_version=None,
            decision=["c", "d"],
            other_review="A Domestic Homicide Review is being considered",
            kloes="How well did agencies share information?",
            reasons="Learning about multi-agency working.",
            decision_date=D(2026, 11, 13),
            acting_user=world.user(Role.BUSINESS_MANAGER),
        )
        ratify_all(world, case)
    case.refresh_from_db()
    assert case.ratified_date == D(2026, 11, 16)
    assert case.lcspr_commissioned_date is None
    with at(D(2026, 12, 2)):
        assert {d.key: d for d in deadlines_for_case(case)}["regulation_14_check"].due is None


def test_the_lcspr_clock_keeps_running_whatever_the_headline_stage(world: World) -> None:
    with at(D(2026, 11, 16)):
        case = _ratified_lcspr(world)
    # Later milestones move the headline to "Embedding learning"; the clock still counts from ratification.
    Case.objects.filter(pk=case.pk).update(
        submitted_date=D(2026, 11, 17), terms_of_reference_agreed_date=D(2026, 12, 1), stage=Stage.EMBEDDING
    )
    case.refresh_from_db()
    with at(D(2027, 1, 4)):
        by_key = {d.key: d for d in deadlines_for_case(case)}
    assert by_key["lcspr"].due == D(2027, 5, 16)
    # No regulation 14 check recorded (cspr.oversight): the first month's, due 16 December, is overdue.
    assert by_key["regulation_14_check"].due == D(2026, 12, 16)
    assert by_key["regulation_14_check"].state is State.OVERDUE


def test_the_monthly_regulation_14_reminder_reaches_the_smtp_server(world: World, smtp_server: SMTPServer) -> None:
    with at(D(2026, 11, 16)):
        case = _ratified_lcspr(world)
    with at(D(2026, 12, 16), hour=7):
        reminders.sweep(D(2026, 12, 16))
    received = smtp_server.wait_for(1)
    subjects = [" ".join(r.message["Subject"].split()) for r in received]
    assert (
        f"{case.reference}: Monitor the LCSPR's progress and quality (regulation 14 monthly check) – due today"
        in subjects
    )


@pytest.mark.django_db
def test_demo_5_shows_its_lcspr_due_date(demo_world_on_30_november_2026: None) -> None:
    with at(D(2026, 11, 30)):
        case = Case.objects.get(reference="DEMO-5")
        lcspr = {d.key: d for d in deadlines_for_case(case)}["lcspr"]
    assert case.ratified_date is not None
    assert case.lcspr_commissioned_date == case.ratified_date
    assert lcspr.due is not None
    assert lcspr.state_label != "Cannot start yet"
    assert lcspr.state is State.NOT_YET_DUE
