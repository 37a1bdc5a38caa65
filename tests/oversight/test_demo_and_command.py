"""DEMO-7's regulation 14 record and review team meetings, loaded twice, and its six-month and
regulation 14 dates printed by ``manage.py statutory_dates --case DEMO-7``."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cspr.cases.models import Case
from cspr.deadlines import working_days as wd
from cspr.oversight import clock
from cspr.oversight.models import ClockPause, PauseReason, ProgressCheck
from cspr.reviewmeetings.models import ItemKind, MeetingAction, ReviewMeeting
from tests.oversight.helpers import D, at

pytestmark = pytest.mark.django_db
SEEDED = D(2026, 11, 30)  # the day demo_world_on_30_november_2026 is seeded on


def _counts() -> tuple[int, ...]:
    return (
        ProgressCheck.objects.count(),
        ClockPause.objects.count(),
        ReviewMeeting.objects.count(),
        MeetingAction.objects.count(),
    )


def test_demo_7_is_at_about_four_months_with_checks_a_pause_and_meetings(demo_world_on_30_november_2026: None) -> None:
    with at(SEEDED):
        counts = _counts()
        call_command("seed_demo", stdout=StringIO())
        assert _counts() == counts
        case = Case.objects.select_related("lead_partnership").get(reference="DEMO-7")
        current = clock.clock_for(case, SEEDED)
    assert len(current.checks) == 3
    [pause] = current.pauses
    assert pause.pause.reason_kind == PauseReason.POLICE
    assert pause.pause.ended_on is not None
    assert current.forecast is not None
    assert current.due is not None
    assert current.forecast.date <= current.due
    assert not current.discussion_needed
    meetings = list(ReviewMeeting.objects.filter(case=case).prefetch_related("items", "actions"))
    held = [m for m in meetings if m.held_on]
    assert len(held) == 2
    assert len(meetings) == 3
    for m in held:
        assert all(i.minuted for i in m.items.all() if i.kind in {ItemKind.FAMILY, ItemKind.IMMEDIATE_ACTION})
        assert m.actions.exists()
    assert MeetingAction.objects.filter(meeting__case=case, done=False).count() == 1


def test_statutory_dates_prints_the_six_month_and_regulation_14_dates_of_demo_7(
    demo_world_on_30_november_2026: None,
) -> None:
    with at(SEEDED):
        out = StringIO()
        call_command("statutory_dates", "--case", "DEMO-7", stdout=out)
        case = Case.objects.get(reference="DEMO-7")
        last = ProgressCheck.objects.filter(case=case).latest("checked_on").checked_on
    dates = json.loads(out.getvalue())
    decided = case.ratified_date
    assert decided is not None
    assert dates["case"] == "DEMO-7"
    assert dates["lcspr_decided"] == decided.isoformat()
    assert dates["lcspr_due"] == wd.add_calendar_months(decided, 6).isoformat()
    assert dates["regulation_14_months"] == [wd.add_calendar_months(decided, m).isoformat() for m in range(1, 7)]
    assert dates["regulation_14_last_check"] == last.isoformat()
    # The next check is the end of the month after the one the last check fell in, still ahead.
    assert dates["regulation_14_next_check"] in dates["regulation_14_months"]
    assert dates["regulation_14_next_check"] > SEEDED.isoformat()
    assert dates["regulation_14_next_check_state"] in {"not_yet_due", "due_soon", "due_today"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--case", "NOPE-1"], "No case with the reference 'NOPE-1'"),
        (["--case", "DEMO-7", "--aware", "2026-01-01"], "--case takes no anchor dates"),
        ([], "Give --case REF, or the anchor dates"),
    ],
)
def test_a_bad_case_argument_exits_2_with_a_message(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message) as caught:
        call_command("statutory_dates", *args)
    assert caught.value.returncode == 2
