"""UK dates as agencies write them: exact, month, season, year, uncertain, and the ones refused."""

from __future__ import annotations

import datetime as dt

import pytest

from cspr.chronology.dates import DateError, parse_date, parse_time

D = dt.date


@pytest.mark.parametrize(
    ("text", "precision", "uncertain", "start", "end"),
    [
        ("12/05/2016", "day", False, D(2016, 5, 12), D(2016, 5, 12)),
        ("1/2/16", "day", False, D(2016, 2, 1), D(2016, 2, 1)),
        ("03.04.2019", "day", False, D(2019, 4, 3), D(2019, 4, 3)),
        ("12th May 2016", "day", False, D(2016, 5, 12), D(2016, 5, 12)),
        ("2016-05-12", "day", False, D(2016, 5, 12), D(2016, 5, 12)),
        ("May 2016", "month", False, D(2016, 5, 1), D(2016, 5, 31)),
        ("?May 2016", "month", True, D(2016, 5, 1), D(2016, 5, 31)),
        ("Sept 2018", "month", False, D(2018, 9, 1), D(2018, 9, 30)),
        ("02/2020", "month", False, D(2020, 2, 1), D(2020, 2, 29)),
        ("Spring 2019", "season", False, D(2019, 3, 1), D(2019, 5, 31)),
        ("Winter 2019", "season", False, D(2019, 12, 1), D(2020, 2, 29)),
        ("c. 2015", "year", True, D(2015, 1, 1), D(2015, 12, 31)),
        ("2017?", "year", True, D(2017, 1, 1), D(2017, 12, 31)),
        ("early 2018", "year", True, D(2018, 1, 1), D(2018, 12, 31)),
    ],
)
def test_dates_in_uk_form(text: str, precision: str, uncertain: bool, start: dt.date, end: dt.date) -> None:
    when = parse_date(text)
    assert (when.precision, when.uncertain, when.date_from, when.date_to) == (precision, uncertain, start, end)
    assert when.text == text


def test_spreadsheet_cells_are_dates_with_times() -> None:
    when = parse_date(dt.datetime(2019, 3, 27, 14, 30))
    assert (when.precision, when.date_from, when.time) == ("day", D(2019, 3, 27), dt.time(14, 30))
    assert parse_date(dt.datetime(2019, 3, 27)).time is None
    assert parse_date(D(2019, 3, 27)).text == "27/03/2019"


@pytest.mark.parametrize("text", ["31/02/2016", "next week", "13/13/2016", "", "32 May 2016", "1/1/1850"])
def test_malformed_dates_are_refused(text: str) -> None:
    with pytest.raises(DateError):
        parse_date(text)


def test_uk_order_not_us() -> None:
    assert parse_date("04/07/2019").date_from == D(2019, 7, 4)


def test_sort_keys_put_vague_dates_sensibly() -> None:
    texts = ["12/05/2016", "?May 2016", "2015", "Spring 2016", "01/03/2016"]
    ordered = sorted(texts, key=lambda t: parse_date(t).date_from)
    assert ordered == ["2015", "Spring 2016", "01/03/2016", "?May 2016", "12/05/2016"]


def test_times() -> None:
    assert parse_time("14:30") == dt.time(14, 30)
    assert parse_time("2.30pm") == dt.time(14, 30)
    assert parse_time("") is None
    with pytest.raises(DateError):
        parse_time("25:00")
