"""The national sweep's fast paths (issue 15): the O(1) rank table of a working calendar, the
rapid review's alerting date without generators, and ``recompute_all`` (tuples, a subquery for the
other tables, no cyclic collection) agreeing with the per-case path that reads model objects."""

from __future__ import annotations

import datetime as dt
import gc

import pytest
import time_machine

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.deadlines import services
from cspr.deadlines import working_days as wd
from cspr.deadlines.engine import Anchors, ClockSettings, compute
from cspr.deadlines.models import DeadlineAdjustment
from cspr.organisations.models import ClosureDay
from cspr.oversight.clock import latest_checks
from cspr.oversight.models import ProgressCheck
from cspr.publication.anchors import copies_sent
from cspr.publication.models import Copies
from tests.world import World, make_case

D = dt.date
# Closure days on the days either side of Christmas 2026 and of the new year, and on the first
# working day of the table, so the rank table is tested where its runs of working days break.
CLOSURES = frozenset({D(2018, 1, 2), D(2026, 12, 24), D(2026, 12, 29), D(2026, 12, 31), D(2027, 1, 4)})


def _working(day: dt.date) -> bool:
    """The slow reference: the definition of a working day, asked day by day."""
    return day.weekday() < 5 and day not in wd.bank_holidays() and day not in CLOSURES


def _walk(day: dt.date, n: int) -> dt.date:
    step = dt.timedelta(days=1 if n > 0 else -1)
    cursor, found = day, 0
    while found < abs(n):
        cursor += step
        found += _working(cursor)
    return cursor


def test_the_rank_table_counts_every_day_of_the_table_like_a_walk() -> None:
    cal = wd.WorkingCalendar(CLOSURES)
    count, day, last = 0, D(wd.FIRST_YEAR, 1, 1), D(wd.LAST_YEAR, 12, 31)
    while day <= last:
        count += _working(day)
        assert cal.rank(day) == count, day
        assert cal.is_working_day(day) == _working(day), day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    "day",
    [
        D(2018, 1, 1),  # the first day of the table, a bank holiday
        D(2018, 1, 2),  # a closure day
        D(2026, 12, 24),
        D(2026, 12, 25),
        D(2026, 12, 26),  # a Saturday
        D(2026, 12, 28),  # the substitute bank holiday
        D(2026, 12, 31),
        D(2027, 1, 1),
        D(2027, 1, 4),
        D(2030, 12, 31),
        D(2031, 1, 1),
        D(2075, 12, 1),
    ],
)
@pytest.mark.parametrize("n", [1, 2, 5, 15, 60, -1, -2, -7, -15])
def test_adding_and_subtracting_working_days_agree_with_a_walk(day: dt.date, n: int) -> None:
    cal = wd.WorkingCalendar(CLOSURES)
    expected = _walk(day, n)
    if expected < D(wd.FIRST_YEAR, 1, 1) or expected > D(wd.LAST_YEAR, 12, 31):
        with pytest.raises(wd.OutOfRangeError):
            cal.add_working_days(day, n)
        return
    assert cal.add_working_days(day, n) == expected
    assert cal.subtract_working_days(day, -n) == expected
    # Counting back from a day that is not a working day, that day itself is not counted (C1).
    assert cal.working_days_between(day, expected) == (n if n > 0 or _working(day) else n + 1)


def test_the_last_days_of_the_table_answer_and_beyond_them_is_refused() -> None:
    cal = wd.WorkingCalendar(CLOSURES)
    last_working = _walk(D(wd.LAST_YEAR + 1, 1, 1), -1)
    assert cal.add_working_days(_walk(last_working, -1), 1) == last_working
    with pytest.raises(wd.OutOfRangeError):
        cal.add_working_days(last_working, 1)
    with pytest.raises(wd.OutOfRangeError):
        cal.subtract_working_days(D(wd.FIRST_YEAR, 1, 3), 1)  # 1 January a holiday, the 2nd closed
    with pytest.raises(wd.OutOfRangeError):
        cal.rank(D(wd.LAST_YEAR + 1, 1, 1))


@pytest.mark.parametrize(
    ("anchor", "aware", "referral", "alerting"),
    [
        ("aware", D(2026, 11, 2), D(2026, 11, 2), "aware"),  # a tie: the partnership's anchor
        ("referral", D(2026, 11, 2), D(2026, 11, 2), "referral"),
        ("referral", D(2026, 11, 2), D(2026, 11, 3), "aware"),  # the earlier date, whatever the anchor
        ("notification", D(2026, 11, 4), D(2026, 11, 3), "referral"),  # no notification date yet
        ("notification", None, None, None),  # nothing to count from: nothing alerts
    ],
)
def test_one_rapid_review_date_alerts(
    anchor: str, aware: dt.date | None, referral: dt.date | None, alerting: str | None
) -> None:
    found = compute(
        Anchors(aware=aware, referral=referral),
        ClockSettings(rapid_review_anchor=anchor),
        wd.default_calendar(),
        D(2026, 11, 4),
    )
    alerts = [d.key for d in found if d.key.startswith("rapid_review_from_") and d.alert]
    assert alerts == ([f"rapid_review_from_{alerting}"] if alerting else [])


def test_anchors_take_the_milestone_columns_in_order() -> None:
    values = [D(2026, 1, 1) + dt.timedelta(days=i) for i in range(len(services.ANCHOR_NAMES))]
    assert Anchors(*values) == Anchors(**dict(zip(services.ANCHOR_NAMES, values, strict=True)))


@pytest.mark.parametrize("enabled", [True, False])
def test_the_sweep_leaves_the_collector_as_it_found_it(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with services._no_collection():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(RuntimeError), services._no_collection():
            raise RuntimeError("a failed sweep")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 12, 30, 10, 0, tzinfo=dt.UTC), tick=False)
def test_recompute_all_agrees_with_the_per_case_path(world: World) -> None:
    """Closure days, an extension, a progress check and pre-publication copies, on a pinned clock:
    the sweep's results are the per-case path's, deadline by deadline, field by field."""
    user = world.user(Role.BUSINESS_MANAGER)
    ClosureDay.objects.create(partnership=world.home, date=D(2026, 12, 29), reason="Staff training")
    lcspr = make_case("HOME-2026-090", world.home)
    lcspr.decision_date = lcspr.ratified_date = lcspr.lcspr_commissioned_date = D(2026, 11, 20)
    lcspr.publication_date = D(2027, 3, 1)
    lcspr.save()
    DeadlineAdjustment.objects.create(
        case=lcspr,
        deadline_key="lcspr",
        kind="extension",
        original_due=D(2027, 5, 20),
        new_due=D(2027, 7, 20),
        reason="The family asked for more time",
        agreed_by="The three partners",
        recorded_by=user,
    )
    ProgressCheck.objects.create(
        case=lcspr,
        checked_on=D(2026, 12, 18),
        checked_by="CSPR group",
        timeliness="on_track",
        time_taken="On time",
        quality="good",
        quality_notes="Clear",
        conclusion="Continue",
        forecast_completion=D(2027, 5, 1),
        recorded_by=user,
    )
    _copies_sent(lcspr, user, D(2026, 12, 21))
    cases = Case.objects.all()
    swept = services.recompute_all(cases)
    assert set(swept) == set(cases.values_list("pk", flat=True))
    assert len(swept) >= 3
    for one in services.deadlines_for_cases(cases):
        assert swept[one.case.pk] == one.deadlines, one.case.reference
    by_key = {d.key: d for d in swept[lcspr.pk]}
    assert by_key["lcspr"].adjustment is not None
    assert by_key["regulation_14_check"].notes  # the progress check reached the engine
    assert by_key["prepublication_copies"].met_on == D(2026, 12, 21)


def _copies_sent(case: Case, user: User, sent_on: dt.date) -> None:
    """The pre-publication copies sent to the Panel and the Secretary of State on ``sent_on``."""
    Copies.objects.create(
        case=case,
        sent_on=sent_on,
        due_by=D(2027, 2, 18),
        planned_publication=D(2027, 3, 1),
        filename="report.pdf",
        sha256="0" * 64,
        sent_by=user,
    )


@pytest.mark.django_db
def test_the_anchor_sources_take_ids_or_a_subquery(world: World) -> None:
    case = make_case("HOME-2026-091", world.home)
    user = world.user(Role.BUSINESS_MANAGER)
    _copies_sent(case, user, D(2027, 2, 18))
    ids = list(Case.objects.values_list("pk", flat=True))
    subquery = Case.objects.values("pk")
    assert copies_sent(subquery) == copies_sent(ids) == {case.pk: {"prepublication_copies_sent": D(2027, 2, 18)}}
    assert latest_checks(subquery) == latest_checks(ids) == {}
