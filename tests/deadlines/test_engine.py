"""The deadline engine, in memory: every date of the toolkit, states, settings and adjustments."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cspr.deadlines import working_days as wd
from cspr.deadlines.engine import (
    Adjustment,
    Anchors,
    ClockSettings,
    Deadline,
    State,
    compute,
    next_deadline,
    order_errors,
    statutory_dates,
)

D = dt.date
CAL = wd.default_calendar()
BASE = Anchors(aware=D(2026, 11, 2), referral=D(2026, 11, 3))


def by_key(
    anchors: Anchors, today: dt.date, settings: ClockSettings | None = None, **kw: object
) -> dict[str, Deadline]:
    return {d.key: d for d in compute(anchors, settings or ClockSettings(), CAL, today, **kw)}  # type: ignore[arg-type]


def test_every_deadline_has_a_stable_key_label_rule_source_and_responsible() -> None:
    found = compute(BASE, ClockSettings(), CAL, D(2026, 11, 3))
    keys = [d.key for d in found]
    assert keys == [
        "notification",
        "share_notification",
        "scoping_send",
        "scoping_return",
        "meeting",
        "rapid_review_from_aware",
        "rapid_review_from_referral",
        "panel_submission",
        "lcspr",
        "regulation_14_check",
        "prepublication_copies",
        "available_until",
    ]
    for d in found:
        assert d.label
        assert d.rule
        assert "§" in d.source
        assert d.responsible.label


def test_rapid_review_stage_dates_with_default_settings() -> None:
    d = by_key(BASE, D(2026, 11, 3))
    assert d["notification"].due == D(2026, 11, 9)
    assert d["share_notification"].due == D(2026, 11, 9)
    assert d["scoping_send"].due == D(2026, 11, 5)
    assert d["scoping_return"].due == D(2026, 11, 12)  # from the send-by date until sent
    assert d["meeting"].window_start == D(2026, 11, 12)
    assert d["meeting"].due == D(2026, 11, 20)
    assert d["rapid_review_from_aware"].due == D(2026, 11, 23)
    assert d["rapid_review_from_referral"].due == D(2026, 11, 24)
    assert d["panel_submission"].due is None
    assert d["panel_submission"].waiting_for == "the meeting date"


def test_the_earlier_rapid_review_date_alerts_and_both_are_shown() -> None:
    d = by_key(BASE, D(2026, 11, 3))
    assert d["rapid_review_from_aware"].alert
    assert d["rapid_review_from_aware"].reminds
    assert not d["rapid_review_from_referral"].alert
    assert not d["rapid_review_from_referral"].reminds
    late_aware = Anchors(aware=D(2026, 11, 5), referral=D(2026, 11, 3))
    d = by_key(late_aware, D(2026, 11, 5))
    assert d["rapid_review_from_referral"].alert


def test_scoping_return_counts_from_the_date_sent_and_warns_after_the_meeting() -> None:
    anchors = Anchors(
        aware=D(2026, 11, 2), referral=D(2026, 11, 3), scoping_sent=D(2026, 11, 6), meeting=D(2026, 11, 12)
    )
    d = by_key(anchors, D(2026, 11, 6))
    assert d["scoping_return"].due == D(2026, 11, 13)
    assert any("after the meeting" in n for n in d["scoping_return"].notes)
    assert d["scoping_send"].state is State.MET
    assert d["scoping_send"].met_on == D(2026, 11, 6)
    assert any("1 working day late" in n for n in d["scoping_send"].notes)


def test_scoping_return_setting_counts_from_the_referral() -> None:
    settings = ClockSettings(scoping_return_anchor="referral")
    d = by_key(
        Anchors(aware=D(2026, 11, 2), referral=D(2026, 11, 3), scoping_sent=D(2026, 11, 6)), D(2026, 11, 6), settings
    )
    assert d["scoping_return"].due == D(2026, 11, 10)


def test_panel_submission_is_the_earlier_of_meeting_plus_2_and_the_rapid_review_date() -> None:
    d = by_key(Anchors(aware=D(2026, 11, 2), referral=D(2026, 11, 3), meeting=D(2026, 11, 17)), D(2026, 11, 17))
    assert d["panel_submission"].due == D(2026, 11, 19)
    assert d["meeting"].state is State.MET
    d = by_key(Anchors(aware=D(2026, 11, 2), referral=D(2026, 11, 3), meeting=D(2026, 11, 20)), D(2026, 11, 20))
    assert d["panel_submission"].due == D(2026, 11, 23)  # capped by the aware-anchored 15 WD


def test_meeting_outside_the_window_is_noted() -> None:
    d = by_key(Anchors(aware=D(2026, 11, 2), referral=D(2026, 11, 3), meeting=D(2026, 11, 5)), D(2026, 11, 5))
    assert d["meeting"].notes == ("The meeting was held outside the window.",)


def test_partnership_anchor_setting_chooses_the_rapid_review_date() -> None:
    settings = ClockSettings(rapid_review_anchor="referral")
    assert statutory_dates(BASE, settings)["rapid_review_due"] == "2026-11-24"
    settings = ClockSettings(rapid_review_anchor="notification")
    anchors = Anchors(aware=D(2026, 11, 2), referral=D(2026, 11, 3), notification_sent=D(2026, 11, 6))
    assert statutory_dates(anchors, settings)["rapid_review_due"] == "2026-11-27"


def test_states_over_time() -> None:
    states = {
        D(2026, 11, 3): State.NOT_YET_DUE,
        D(2026, 11, 5): State.DUE_SOON,  # 9 Nov is 2 working days away
        D(2026, 11, 9): State.DUE_TODAY,
        D(2026, 11, 10): State.OVERDUE,
    }
    for today, expected in states.items():
        assert by_key(BASE, today)["notification"].state is expected, today
    d = by_key(BASE, D(2026, 11, 5))["notification"]
    assert d.working_days_left == 2
    assert d.state_label == "Due soon"
    met = by_key(
        Anchors(aware=D(2026, 11, 2), referral=D(2026, 11, 3), notification_sent=D(2026, 11, 4)), D(2026, 11, 20)
    )
    assert met["notification"].state is State.MET
    assert met["notification"].state_label == "Met on 4 November 2026"


def test_not_applicable_until_the_anchor_exists() -> None:
    d = by_key(Anchors(aware=D(2026, 11, 2)), D(2026, 11, 3))
    assert d["scoping_send"].state is State.NOT_APPLICABLE
    assert d["scoping_send"].state_label == "Cannot start yet"
    assert d["notification"].state is State.NOT_YET_DUE


def test_lcspr_six_calendar_months_and_monthly_regulation_14_checks() -> None:
    anchors = Anchors(
        aware=D(2025, 8, 1),
        referral=D(2025, 8, 4),
        meeting=D(2025, 8, 14),
        decision=D(2025, 8, 29),
        ratified=D(2025, 8, 31),
        lcspr_commissioned=D(2025, 8, 31),
    )
    d = by_key(anchors, D(2025, 12, 1))
    assert d["lcspr"].due == D(2026, 2, 28)
    assert d["lcspr"].state is State.NOT_YET_DUE
    # No check recorded: the first month's check (month end clamped to 30 September) is overdue.
    assert d["regulation_14_check"].due == D(2025, 9, 30)
    assert d["regulation_14_check"].state is State.OVERDUE
    # A check answers for the month it falls in; the next is due at the end of the following month,
    # each counted from the decision (31 August: 30 September, 31 October, 30 November, 31 December).
    checked = replace(anchors, regulation_14_checked=D(2025, 11, 28))
    assert by_key(checked, D(2025, 12, 1))["regulation_14_check"].due == D(2025, 12, 31)
    assert by_key(checked, D(2025, 12, 1))["regulation_14_check"].state is State.NOT_YET_DUE
    on_the_day = replace(anchors, regulation_14_checked=D(2025, 11, 30))
    assert by_key(on_the_day, D(2025, 12, 1))["regulation_14_check"].due == D(2025, 12, 31)
    assert by_key(anchors, D(2025, 10, 1))["regulation_14_check"].due == D(2025, 9, 30)
    assert by_key(anchors, D(2025, 9, 1))["regulation_14_check"].due == D(2025, 9, 30)


def test_lcspr_is_not_applicable_without_a_commissioned_review() -> None:
    anchors = Anchors(aware=D(2025, 8, 1), referral=D(2025, 8, 4), decision=D(2025, 8, 29))
    d = by_key(anchors, D(2025, 12, 1))
    assert d["lcspr"].due == D(2026, 2, 28)
    assert d["lcspr"].state is State.NOT_APPLICABLE
    assert d["regulation_14_check"].due is None


def test_publication_dates() -> None:
    anchors = Anchors(aware=D(2025, 8, 1), referral=D(2025, 8, 4), decision=D(2025, 8, 29), publication=D(2026, 1, 5))
    d = by_key(anchors, D(2025, 12, 1))
    assert d["prepublication_copies"].due == D(2025, 12, 22)  # rules.md A7
    assert d["available_until"].due == D(2027, 1, 5)
    leap = by_key(
        Anchors(aware=D(2027, 1, 4), referral=D(2027, 1, 4), decision=D(2027, 2, 1), publication=D(2028, 2, 29)),
        D(2028, 1, 4),
    )
    assert leap["available_until"].due == D(2029, 2, 28)
    assert leap["available_until"].predicted


def test_an_extension_keeps_the_original_date() -> None:
    adj = Adjustment(new_due=D(2026, 11, 30), kind="extension", reason="Panel agreed", agreed_by="National Panel")
    d = by_key(BASE, D(2026, 11, 24), adjustments={"rapid_review_from_aware": adj})["rapid_review_from_aware"]
    assert d.due == D(2026, 11, 30)
    assert d.original_due == D(2026, 11, 23)
    assert d.adjustment is adj
    assert d.state is State.NOT_YET_DUE


def test_closed_cases_chase_nothing() -> None:
    anchors = Anchors(aware=D(2026, 11, 2), referral=D(2026, 11, 3), action_plan_closed=D(2026, 11, 20))
    assert all(
        d.state in {State.NOT_APPLICABLE, State.MET} for d in compute(anchors, ClockSettings(), CAL, D(2026, 12, 1))
    )


def test_next_deadline_is_the_earliest_outstanding_alerting_one() -> None:
    found = compute(BASE, ClockSettings(), CAL, D(2026, 11, 3))
    nxt = next_deadline(found)
    assert nxt is not None
    assert nxt.key == "scoping_send"


def test_closure_days_move_deadlines() -> None:
    cal = wd.WorkingCalendar([D(2026, 11, 4)])
    d = {x.key: x for x in compute(BASE, ClockSettings(), cal, D(2026, 11, 3))}
    assert d["scoping_send"].due == D(2026, 11, 6)


@pytest.mark.parametrize(
    ("anchors", "field"),
    [
        (Anchors(aware=D(2026, 11, 2), referral=D(2026, 11, 3), meeting=D(2026, 11, 2)), "meeting"),
        (Anchors(aware=D(2026, 11, 2), referral=D(2026, 11, 3), scoping_sent=D(2026, 11, 1)), "scoping_sent"),
        (Anchors(incident=D(2026, 11, 5), aware=D(2026, 11, 2), referral=D(2026, 11, 6)), "aware"),
        (
            Anchors(aware=D(2026, 11, 2), referral=D(2026, 11, 3), meeting=D(2026, 11, 12), decision=D(2026, 11, 11)),
            "decision",
        ),
        (
            Anchors(aware=D(2026, 11, 2), referral=D(2026, 11, 3), ratified=D(2026, 11, 20), submitted=D(2026, 11, 19)),
            "submitted",
        ),
        (Anchors(aware=D(2017, 12, 2), referral=D(2026, 11, 3)), "aware"),
    ],
)
def test_impossible_orders_are_found(anchors: Anchors, field: str) -> None:
    assert field in order_errors(anchors)


def test_statutory_dates_keys_with_every_input() -> None:
    anchors = Anchors(
        aware=D(2024, 8, 22),
        referral=D(2024, 8, 24),
        meeting=D(2024, 9, 5),
        decision=D(2025, 8, 31),
        publication=D(2026, 1, 5),
    )
    assert statutory_dates(anchors) == {
        "notification_due": "2024-08-30",
        "scoping_send_by": "2024-08-28",
        "scoping_return_by": "2024-09-04",
        "meeting_window_start": "2024-09-04",
        "meeting_window_end": "2024-09-12",
        "rapid_review_due": "2024-09-13",
        "rapid_review_due_from_referral": "2024-09-16",
        "panel_submission_due": "2024-09-09",
        "lcspr_due": "2026-02-28",
        "prepublication_copies_by": "2025-12-22",
        "publication_available_until": "2027-01-05",
    }


def test_stored_anchors_outside_the_table_count_as_unknown_rather_than_failing() -> None:
    d = by_key(Anchors(aware=D(2017, 12, 1), referral=D(2026, 11, 3), publication=D(2099, 1, 1)), D(2026, 11, 3))
    assert d["notification"].due is None
    assert d["notification"].state_label == "Cannot start yet"
    assert d["scoping_send"].due == D(2026, 11, 5)
    assert d["prepublication_copies"].due is None


@settings(max_examples=300, deadline=None)
@given(
    aware=st.dates(min_value=D(2018, 1, 2), max_value=D(2060, 1, 1)),
    gaps=st.lists(st.integers(min_value=0, max_value=60), min_size=4, max_size=4),
    today_offset=st.integers(min_value=-30, max_value=400),
)
def test_any_valid_anchors_give_consistent_deadlines(aware: dt.date, gaps: list[int], today_offset: int) -> None:
    referral = aware + dt.timedelta(days=gaps[0])
    meeting = referral + dt.timedelta(days=gaps[1])
    decision = meeting + dt.timedelta(days=gaps[2])
    publication = decision + dt.timedelta(days=gaps[3] + 1)
    anchors = Anchors(aware=aware, referral=referral, meeting=meeting, decision=decision, publication=publication)
    assert order_errors(anchors) == {}
    today = aware + dt.timedelta(days=today_offset)
    for d in compute(anchors, ClockSettings(), CAL, today):
        if d.due is None:
            continue
        if d.key not in {"prepublication_copies"}:
            assert d.due >= aware
        if d.state is State.OVERDUE:
            assert today > d.due
        if d.state is State.DUE_TODAY:
            assert today == d.due
        if d.state in {State.DUE_SOON, State.NOT_YET_DUE}:
            assert today < d.due
        if d.window_start is not None:
            assert d.window_start <= d.due
