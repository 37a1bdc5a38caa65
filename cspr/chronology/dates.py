"""Reading dates as agencies write them in UK chronologies.

``parse_date`` accepts a spreadsheet cell (a ``datetime``/``date``) or text, in UK order
(day/month/year), and returns a ``FuzzyDate`` keeping the raw text, the precision, an
"uncertain" mark and the range of days it covers; or raises ``DateError`` with a message a
person can act on.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from cspr.chronology.models import Precision


class DateError(ValueError):
    pass


@dataclass(frozen=True)
class FuzzyDate:
    text: str
    precision: str
    uncertain: bool
    date_from: dt.date
    date_to: dt.date
    time: dt.time | None = None


MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
# Season -> (first month, last month); winter runs December to February of the next year.
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}

_UNCERTAIN_PREFIX = re.compile(
    r"^(\?|c\.|ca\.|circa|approx\.?|approximately|about|around|early|mid|late|end of|beginning of)\s*", re.IGNORECASE
)
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DAY_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?,?\s+(\d{{2}}|\d{{4}})$", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"^({_MONTH_RE})\.?,?\s+(\d{{4}})$", re.IGNORECASE)
_NUMERIC_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_SEASON_YEAR = re.compile(r"^(spring|summer|autumn|fall|winter)\s+(\d{4})(?:\s*/\s*(\d{2}|\d{4}))?$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        # Two-digit years in a child's chronology: 00-69 are this century.
        year += 2000 if year < 70 else 1900
    if not 1900 <= year <= 2100:
        raise DateError(f"The year {text} is not a likely year")
    return year


def _day(year: int, month: int, day: int, raw: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError(f"“{raw}” is not a real date") from None


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _season_range(season: str, year: int) -> tuple[dt.date, dt.date]:
    first, last = SEASONS[season.lower()]
    end_year = year + 1 if last < first else year
    return dt.date(year, first, 1), dt.date(end_year, last, calendar.monthrange(end_year, last)[1])


def _parse_text(core: str, raw: str) -> tuple[str, dt.date, dt.date]:
    if m := _NUMERIC.match(core):
        day = _day(_year(m[3]), int(m[2]), int(m[1]), raw)
        return Precision.DAY, day, day
    if m := _ISO.match(core):
        day = _day(int(m[1]), int(m[2]), int(m[3]), raw)
        return Precision.DAY, day, day
    if m := _DAY_MONTH_YEAR.match(core):
        day = _day(_year(m[3]), MONTHS[m[2].lower()], int(m[1]), raw)
        return Precision.DAY, day, day
    if m := _MONTH_YEAR.match(core):
        return Precision.MONTH, *_month_range(_year(m[2]), MONTHS[m[1].lower()])
    if m := _NUMERIC_MONTH_YEAR.match(core):
        month = int(m[1])
        if not 1 <= month <= 12:
            raise DateError(f"“{raw}” is not a real month")
        return Precision.MONTH, *_month_range(_year(m[2]), month)
    if m := _SEASON_YEAR.match(core):
        return Precision.SEASON, *_season_range(m[1], _year(m[2]))
    if m := _YEAR.match(core):
        year = _year(m[1])
        return Precision.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31)
    raise DateError(f"“{raw}” is not a date in UK form: use DD/MM/YYYY, a month (May 2016) or a season (Spring 2019)")


def parse_date(value: object) -> FuzzyDate:
    if isinstance(value, dt.datetime):
        time = value.time() if value.time() != dt.time(0, 0) else None
        day = value.date()
        return FuzzyDate(f"{day:%d/%m/%Y}", Precision.DAY, False, day, day, time)
    if isinstance(value, dt.date):
        return FuzzyDate(f"{value:%d/%m/%Y}", Precision.DAY, False, value, value)
    raw = " ".join(str(value if value is not None else "").split())
    if not raw:
        raise DateError("Enter the date")
    core, uncertain = raw, False
    while m := _UNCERTAIN_PREFIX.match(core):
        core, uncertain = core[m.end() :], True
    if core.endswith("?"):
        core, uncertain = core[:-1].rstrip(), True
    if core.startswith("(") and core.endswith(")"):
        core = core[1:-1].strip()
    precision, start, end = _parse_text(core, raw)
    return FuzzyDate(raw, precision, uncertain, start, end)


_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::\d{2})?\s*(am|pm)?$", re.IGNORECASE)


def parse_time(value: object) -> dt.time | None:
    """A time of day from a cell (time/datetime) or text ("14:30", "2.30pm"); None when blank."""
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    raw = str(value or "").strip()
    if not raw:
        return None
    m = _TIME.match(raw)
    if not m:
        raise DateError(f"“{raw}” is not a time: use the 24-hour clock, e.g. 14:30")
    hour, minute = int(m[1]), int(m[2])
    if m[3]:
        if not 1 <= hour <= 12:
            raise DateError(f"“{raw}” is not a time")
        hour = hour % 12 + (12 if m[3].lower() == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise DateError(f"“{raw}” is not a time")
    return dt.time(hour, minute)


def describe_precision(precision: str, uncertain: bool) -> str:
    label = str(Precision(precision).label)
    return f"{label} (uncertain)" if uncertain else label
