"""Working days in England: Monday to Friday minus England and Wales bank holidays and closure days.

Pure Python, no Django. Convention (rules.md C1): day 0 is the trigger date whatever day it is;
``add_working_days(d, n)`` is the n-th working day strictly after ``d`` and
``subtract_working_days(d, n)`` the n-th working day strictly before it.

Every calendar holds a sorted table of the ordinals of its working days from ``FIRST_YEAR`` to
``LAST_YEAR``, and for every day of those years its rank (how many working days fall on or before
it): each question is two look-ups (O(1)), never a walk over the days.

Bank holidays are the union of the pinned ``holidays`` package (GB, subdivision ENG, with the nominal
weekend days dropped: a weekend is not a working day anyway) and the frozen GOV.UK list shipped in
``data/bank_holidays_england_and_wales.json``, so a new proclamation can be released as data before
the package knows it. Years after ``LAST_CONFIRMED_YEAR`` come from the package's rules only and
are *predicted*: the module answers, and ``is_predicted`` says so.
"""

from __future__ import annotations

import datetime as dt
import json
from array import array
from collections.abc import Iterable
from functools import cache
from itertools import accumulate
from pathlib import Path

import holidays

FIRST_YEAR = 2018
LAST_CONFIRMED_YEAR = 2027
LAST_YEAR = 2075
DATA_FILE = Path(__file__).resolve().parent / "data" / "bank_holidays_england_and_wales.json"

_FIRST = dt.date(FIRST_YEAR, 1, 1)
_LAST = dt.date(LAST_YEAR, 12, 31)
_FIRST_ORDINAL = _FIRST.toordinal()
_LAST_ORDINAL = _LAST.toordinal()


class OutOfRangeError(ValueError):
    """A date, or a result, outside the years the bank-holiday table covers."""


class ClosureDayError(ValueError):
    """A closure day that cannot be one (a weekend, or outside the table)."""


def _check_in_table(day: dt.date, what: str = "Date") -> None:
    if day < _FIRST:
        raise OutOfRangeError(
            f"{what} {day:%-d %B %Y} is before {FIRST_YEAR}: working days are only counted from "
            f"1 January {FIRST_YEAR}, the first year of the England and Wales bank holiday table."
        )
    if day > _LAST:
        raise OutOfRangeError(
            f"{what} {day:%-d %B %Y} is after {LAST_YEAR}: the bank holiday table ends on 31 December {LAST_YEAR}."
        )


@cache
def frozen_govuk_holidays() -> dict[dt.date, str]:
    """The shipped GOV.UK England-and-Wales list (the authority for confirmed years)."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return {dt.date.fromisoformat(event["date"]): str(event["title"]) for event in data["events"]}


@cache
def package_holidays() -> dict[dt.date, str]:
    """The ``holidays`` package's England dates for the whole table, weekend nominal days removed."""
    found = holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1))
    return {day: str(name) for day, name in found.items() if day.weekday() < 5}


@cache
def bank_holidays() -> dict[dt.date, str]:
    """Every weekday bank holiday in the table: the package's dates, with the frozen list on top."""
    merged = dict(package_holidays())
    merged.update(frozen_govuk_holidays())
    return merged


def is_predicted(day: dt.date) -> bool:
    """True when the bank holidays of ``day``'s year are not yet confirmed by GOV.UK."""
    return day.year > LAST_CONFIRMED_YEAR


@cache
def _base_table() -> tuple[int, ...]:
    holiday_ordinals = {d.toordinal() for d in bank_holidays()}
    return tuple(
        o
        for o in range(_FIRST.toordinal(), _LAST.toordinal() + 1)
        if dt.date.fromordinal(o).weekday() < 5 and o not in holiday_ordinals
    )


class WorkingCalendar:
    """Working days with a partnership's own closure days taken out (rules.md C1, A6)."""

    __slots__ = ("_rank", "_set", "_table", "closure_days", "memo")

    def __init__(self, closure_days: Iterable[dt.date] = ()) -> None:
        closures = frozenset(closure_days)
        for day in closures:
            validate_closure_day(day)
        self.closure_days = closures
        base = _base_table()
        if closures:
            removed = {d.toordinal() for d in closures}
            self._table: tuple[int, ...] = tuple(o for o in base if o not in removed)
        else:
            self._table = base
        self._set = frozenset(self._table)
        # _rank[o - _FIRST_ORDINAL]: working days on or before ordinal o (about 15,000 at most, so two
        # bytes each: 42 kB a calendar). The n-th working day after o is then _table[_rank[...] + n - 1].
        flags = bytearray(_LAST_ORDINAL - _FIRST_ORDINAL + 1)
        for o in self._table:
            flags[o - _FIRST_ORDINAL] = 1
        self._rank = array("H", accumulate(flags))
        # The engine's memo of add_working_days answers ((day, n) -> day, or None outside the table).
        self.memo: dict[tuple[dt.date, int], dt.date | None] = {}

    def is_working_day(self, day: dt.date) -> bool:
        _check_in_table(day)
        return day.toordinal() in self._set

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day strictly after ``day``; ``n == 0`` is ``day`` itself (day 0)."""
        if n < 0:
            return self.subtract_working_days(day, -n)
        ordinal = day.toordinal()
        if ordinal < _FIRST_ORDINAL or ordinal > _LAST_ORDINAL:
            _check_in_table(day)
        if n == 0:
            return day
        index = self._rank[ordinal - _FIRST_ORDINAL] + n - 1
        if index >= len(self._table):
            raise OutOfRangeError(
                f"{n} working days after {day:%-d %B %Y} is after the end of the bank holiday table ({LAST_YEAR})."
            )
        return dt.date.fromordinal(self._table[index])

    def subtract_working_days(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day strictly before ``day``; ``n == 0`` is ``day`` itself."""
        if n < 0:
            return self.add_working_days(day, -n)
        ordinal = day.toordinal()
        if ordinal < _FIRST_ORDINAL or ordinal > _LAST_ORDINAL:
            _check_in_table(day)
        if n == 0:
            return day
        # Working days strictly before ``day``: the rank of the day before (none before the table).
        index = (self._rank[ordinal - _FIRST_ORDINAL - 1] if ordinal > _FIRST_ORDINAL else 0) - n
        if index < 0:
            raise OutOfRangeError(
                f"{n} working days before {day:%-d %B %Y} is before 1 January {FIRST_YEAR}, "
                "the start of the bank holiday table."
            )
        return dt.date.fromordinal(self._table[index])

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in ``(start, end]``, negative when ``end`` is before ``start``.

        So ``working_days_between(d, add_working_days(d, n)) == n`` for every ``n``.
        """
        return self.rank(end) - self.rank(start)

    def rank(self, day: dt.date) -> int:
        """How many working days of the table fall on or before ``day`` (differences count days)."""
        ordinal = day.toordinal()
        if ordinal < _FIRST_ORDINAL or ordinal > _LAST_ORDINAL:
            _check_in_table(day)
        return self._rank[ordinal - _FIRST_ORDINAL]

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, otherwise the first one after it."""
        return day if self.is_working_day(day) else self.add_working_days(day, 1)


def validate_closure_day(day: dt.date) -> None:
    """A closure day must be a weekday within the table that is not already a bank holiday."""
    _check_in_table(day, "Closure day")
    if day.weekday() >= 5:
        raise ClosureDayError(f"{day:%A %-d %B %Y} is a weekend day, which is never a working day.")
    if day in bank_holidays():
        raise ClosureDayError(f"{day:%A %-d %B %Y} is already a bank holiday ({bank_holidays()[day]}).")


@cache
def calendar_for(closure_days: frozenset[dt.date] = frozenset()) -> WorkingCalendar:
    """A shared calendar per set of closure days (partnerships with the same closures share one)."""
    return WorkingCalendar(closure_days)


def default_calendar() -> WorkingCalendar:
    return calendar_for(frozenset())


def add_working_days(day: dt.date, n: int) -> dt.date:
    return default_calendar().add_working_days(day, n)


def subtract_working_days(day: dt.date, n: int) -> dt.date:
    return default_calendar().subtract_working_days(day, n)


def working_days_between(start: dt.date, end: dt.date) -> int:
    return default_calendar().working_days_between(start, end)


def is_working_day(day: dt.date) -> bool:
    return default_calendar().is_working_day(day)


def add_calendar_months(day: dt.date, months: int) -> dt.date:
    """Calendar months with the month end clamped: 31 August + 6 months = 28 or 29 February (C10)."""
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has at least 28 days")


def add_years(day: dt.date, years: int) -> dt.date:
    """Same day and month ``years`` later; 29 February becomes 28 February (C11, A9)."""
    return add_calendar_months(day, 12 * years)
