"""The working-day module: bank holidays, the C1 convention, the table's edges, and properties."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cspr.deadlines import working_days as wd
from cspr.deadlines.working_days import (
    ClosureDayError,
    OutOfRangeError,
    WorkingCalendar,
    add_calendar_months,
    add_working_days,
    add_years,
    is_working_day,
    subtract_working_days,
    working_days_between,
)

D = dt.date

# rules.md section 5: the one-off proclamations and the weekend substitutes, 2018-2027.
ONE_OFFS = [D(2020, 5, 8), D(2022, 6, 2), D(2022, 6, 3), D(2022, 9, 19), D(2023, 5, 8)]
SUBSTITUTES = [
    D(2020, 12, 28),
    D(2021, 12, 27),
    D(2021, 12, 28),
    D(2022, 1, 3),
    D(2022, 12, 27),
    D(2023, 1, 2),
    D(2026, 12, 28),
    D(2027, 12, 27),
    D(2027, 12, 28),
]
WEEKEND_NOMINALS = [
    D(2020, 12, 26),
    D(2021, 12, 25),
    D(2021, 12, 26),
    D(2022, 1, 1),
    D(2022, 12, 25),
    D(2023, 1, 1),
    D(2026, 12, 26),
    D(2027, 12, 25),
    D(2027, 12, 26),
]


class TestFrozenGovukList:
    def test_the_shipped_list_covers_2018_to_2027_with_83_weekday_dates(self) -> None:
        data = json.loads(wd.DATA_FILE.read_text(encoding="utf-8"))
        assert data["division"] == "england-and-wales"
        frozen = wd.frozen_govuk_holidays()
        assert len(frozen) == 83
        assert {d.year for d in frozen} == set(range(2018, 2028))
        assert all(d.weekday() < 5 for d in frozen)

    def test_the_package_minus_weekend_nominal_days_equals_the_frozen_list(self) -> None:
        package = {d for d in wd.package_holidays() if d.year <= wd.LAST_CONFIRMED_YEAR}
        assert package == set(wd.frozen_govuk_holidays())

    def test_the_package_lists_weekend_nominal_days_that_we_drop(self) -> None:
        import holidays

        raw = holidays.country_holidays("GB", subdiv="ENG", years=range(2018, 2028))
        extra = sorted(set(raw) - set(wd.frozen_govuk_holidays()))
        assert extra == WEEKEND_NOMINALS
        assert all(d.weekday() >= 5 for d in extra)

    @pytest.mark.parametrize("day", ONE_OFFS + SUBSTITUTES)
    def test_one_off_and_substitute_days_are_in_the_list(self, day: dt.date) -> None:
        assert day in wd.frozen_govuk_holidays()
        assert not is_working_day(day)

    def test_each_year_has_eight_bank_holidays_except_2022_and_2023(self) -> None:
        per_year: dict[int, int] = {}
        for day in wd.frozen_govuk_holidays():
            per_year[day.year] = per_year.get(day.year, 0) + 1
        assert per_year == {y: 8 for y in range(2018, 2028)} | {2022: 10, 2023: 9}


class TestIsWorkingDay:
    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (D(2024, 8, 23), True),  # Friday
            (D(2024, 8, 24), False),  # Saturday
            (D(2024, 8, 25), False),  # Sunday
            (D(2024, 8, 26), False),  # Summer bank holiday
            (D(2024, 3, 29), False),  # Good Friday
            (D(2024, 4, 1), False),  # Easter Monday
            (D(2024, 4, 2), True),
            (D(2024, 12, 25), False),
            (D(2024, 12, 26), False),
            (D(2024, 12, 27), True),
            (D(2022, 9, 19), False),  # State Funeral of Queen Elizabeth II
            (D(2022, 5, 30), True),  # the usual spring holiday was moved to 2 June in 2022
            (D(2023, 5, 8), False),  # coronation
            (D(2020, 5, 4), True),  # Early May moved to Friday 8 May in 2020
        ],
    )
    def test_known_days(self, day: dt.date, expected: bool) -> None:
        assert is_working_day(day) is expected


class TestAddWorkingDays:
    def test_c1_example_saturday_referral_before_a_bank_holiday_monday(self) -> None:
        assert add_working_days(D(2024, 8, 24), 1) == D(2024, 8, 27)

    def test_day_zero_is_the_trigger_date_whatever_day_it_is(self) -> None:
        assert add_working_days(D(2024, 8, 24), 0) == D(2024, 8, 24)
        assert subtract_working_days(D(2024, 8, 24), 0) == D(2024, 8, 24)

    def test_a_trigger_on_a_working_day_counts_from_the_next_one(self) -> None:
        assert add_working_days(D(2024, 8, 22), 5) == D(2024, 8, 30)

    def test_christmas_2026_with_a_substitute_day(self) -> None:
        # Thu 24 Dec 2026; Fri 25, Mon 28 (Boxing Day substitute) are holidays.
        assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)
        assert add_working_days(D(2026, 12, 24), 4) == D(2027, 1, 4)

    def test_christmas_and_new_year_2022(self) -> None:
        # 26 Dec (Mon) and 27 Dec (Tue, Christmas substitute) and 2 Jan 2023 (substitute) are holidays.
        assert add_working_days(D(2022, 12, 23), 1) == D(2022, 12, 28)
        assert add_working_days(D(2022, 12, 30), 1) == D(2023, 1, 3)

    def test_easter_2025(self) -> None:
        assert add_working_days(D(2025, 4, 17), 1) == D(2025, 4, 22)

    def test_jubilee_2022(self) -> None:
        assert add_working_days(D(2022, 6, 1), 1) == D(2022, 6, 6)

    def test_queens_funeral_2022(self) -> None:
        assert add_working_days(D(2022, 9, 16), 1) == D(2022, 9, 20)

    def test_coronation_2023(self) -> None:
        # 1 May (Early May) and 8 May (coronation) in consecutive weeks.
        assert add_working_days(D(2023, 4, 28), 6) == D(2023, 5, 10)

    def test_fifteen_working_days_rapid_review(self) -> None:
        assert add_working_days(D(2026, 11, 2), 15) == D(2026, 11, 23)

    def test_negative_n_subtracts(self) -> None:
        assert add_working_days(D(2026, 1, 5), -7) == subtract_working_days(D(2026, 1, 5), 7)


class TestSubtractWorkingDays:
    def test_a7_example_publication_5_january_2026(self) -> None:
        assert subtract_working_days(D(2026, 1, 5), 7) == D(2025, 12, 22)

    def test_from_a_weekend(self) -> None:
        assert subtract_working_days(D(2024, 8, 25), 1) == D(2024, 8, 23)


class TestBetween:
    def test_between_counts_the_end_not_the_start(self) -> None:
        assert working_days_between(D(2024, 8, 23), D(2024, 8, 27)) == 1
        assert working_days_between(D(2024, 8, 27), D(2024, 8, 23)) == -1
        assert working_days_between(D(2024, 8, 24), D(2024, 8, 26)) == 0


class TestTableEdges:
    def test_dates_before_2018_are_refused_with_a_clear_message(self) -> None:
        with pytest.raises(OutOfRangeError, match="before 2018"):
            add_working_days(D(2017, 12, 29), 1)
        with pytest.raises(OutOfRangeError, match="1 January 2018"):
            is_working_day(D(2017, 6, 1))

    def test_counting_back_past_the_start_is_refused(self) -> None:
        assert subtract_working_days(D(2018, 1, 3), 1) == D(2018, 1, 2)
        with pytest.raises(OutOfRangeError, match="start of the bank holiday table"):
            subtract_working_days(D(2018, 1, 3), 2)

    def test_first_working_day_of_the_table(self) -> None:
        assert not is_working_day(D(2018, 1, 1))
        assert add_working_days(D(2018, 1, 1), 1) == D(2018, 1, 2)

    def test_beyond_the_confirmed_years_it_answers_and_says_predicted(self) -> None:
        assert not wd.is_predicted(D(2027, 12, 31))
        assert wd.is_predicted(D(2028, 1, 3))
        assert not is_working_day(D(2028, 1, 3))  # predicted New Year substitute
        assert add_working_days(D(2027, 12, 24), 1) == D(2027, 12, 29)

    def test_end_of_the_table(self) -> None:
        last = subtract_working_days(D(wd.LAST_YEAR, 12, 31), 0)
        assert last.year == wd.LAST_YEAR
        with pytest.raises(OutOfRangeError, match="after the end"):
            add_working_days(D(wd.LAST_YEAR, 12, 20), 30)
        with pytest.raises(OutOfRangeError, match="after"):
            is_working_day(D(wd.LAST_YEAR + 1, 1, 2))


class TestClosureDays:
    def test_closure_days_are_not_working_days(self) -> None:
        cal = WorkingCalendar([D(2026, 12, 29), D(2026, 12, 30), D(2026, 12, 31)])
        assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)
        assert cal.add_working_days(D(2026, 12, 24), 1) == D(2027, 1, 4)
        assert cal.working_days_between(D(2026, 12, 24), D(2027, 1, 4)) == 1

    def test_a_weekend_closure_day_is_refused(self) -> None:
        with pytest.raises(ClosureDayError, match="weekend"):
            WorkingCalendar([D(2026, 12, 26)])

    def test_a_bank_holiday_closure_day_is_refused(self) -> None:
        with pytest.raises(ClosureDayError, match="already a bank holiday"):
            WorkingCalendar([D(2026, 12, 25)])

    def test_a_closure_day_before_2018_is_refused(self) -> None:
        with pytest.raises(OutOfRangeError, match="before 2018"):
            WorkingCalendar([D(2017, 12, 27)])

    def test_calendars_with_the_same_closures_are_shared(self) -> None:
        days = frozenset({D(2026, 12, 29)})
        assert wd.calendar_for(days) is wd.calendar_for(frozenset({D(2026, 12, 29)}))


class TestCalendarMonths:
    @pytest.mark.parametrize(
        ("start", "months", "expected"),
        [
            (D(2025, 8, 31), 6, D(2026, 2, 28)),
            (D(2027, 8, 31), 6, D(2028, 2, 29)),
            (D(2026, 1, 31), 1, D(2026, 2, 28)),
            (D(2026, 3, 31), 6, D(2026, 9, 30)),
            (D(2026, 7, 15), 6, D(2027, 1, 15)),
        ],
    )
    def test_month_end_clamps(self, start: dt.date, months: int, expected: dt.date) -> None:
        assert add_calendar_months(start, months) == expected

    def test_one_year_from_29_february_is_28_february(self) -> None:
        assert add_years(D(2028, 2, 29), 1) == D(2029, 2, 28)
        assert add_years(D(2026, 3, 1), 1) == D(2027, 3, 1)


days = st.dates(min_value=D(2018, 1, 2), max_value=D(2065, 12, 31))
steps = st.integers(min_value=0, max_value=2000)


@settings(max_examples=400, deadline=None)
@given(day=days, n=steps)
def test_add_then_between_gives_n(day: dt.date, n: int) -> None:
    later = add_working_days(day, n)
    assert working_days_between(day, later) == n
    if n > 0:
        assert is_working_day(later)
        assert later > day


@settings(max_examples=400, deadline=None)
@given(day=days, n=st.integers(min_value=1, max_value=2000))
def test_subtract_inverts_add_on_working_days(day: dt.date, n: int) -> None:
    later = add_working_days(day, n)
    back = subtract_working_days(later, n)
    # Going back lands on the first working day on or before ``day``.
    assert back <= day
    assert working_days_between(back, day) == 0
    if is_working_day(day):
        assert back == day


@settings(max_examples=300, deadline=None)
@given(a=days, b=days)
def test_between_is_antisymmetric_and_matches_a_day_by_day_count(a: dt.date, b: dt.date) -> None:
    assert working_days_between(a, b) == -working_days_between(b, a)
    lo, hi = sorted((a, b))
    if (hi - lo).days <= 60:
        slow = sum(1 for k in range(1, (hi - lo).days + 1) if is_working_day(lo + dt.timedelta(days=k)))
        assert working_days_between(lo, hi) == slow


@settings(max_examples=300, deadline=None)
@given(day=days, n=st.integers(min_value=1, max_value=40))
def test_add_is_the_nth_working_day_strictly_after(day: dt.date, n: int) -> None:
    found, cursor = 0, day
    while found < n:
        cursor += dt.timedelta(days=1)
        found += is_working_day(cursor)
    assert add_working_days(day, n) == cursor
