"""The LCSPR's six-month clock as the oversight pages show it (rules 47-48, C10).

The statutory dates come from the deadline engine (``cspr.deadlines``): the due date is the ratified
decision plus the partnership's ``lcspr_months`` calendar months, and the monthly regulation 14 check
is the engine's ``regulation_14_check`` deadline, fed the latest check through ``latest_checks`` (an
anchor source). This module adds what only oversight knows: which month each check answered for,
pauses (shown, never moving the date), the forecast completion date and whether it calls for a
discussion with the National Panel. Every function reads a fixed number of queries, whatever the
number of checks, pauses or cases.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Max

from cspr.cases.models import Case
from cspr.deadlines import working_days as wd
from cspr.oversight.models import ClockPause, PanelDiscussion, ProgressCheck

if TYPE_CHECKING:
    from cspr.deadlines.services import CaseIds


def decided_on(case: Case) -> dt.date | None:
    """The date the six months count from: the ratified decision (the engine's rule, C10)."""
    if case.lcspr_commissioned_date is None:
        return None
    return case.ratified_date or case.decision_date or case.lcspr_commissioned_date


def due_on(case: Case) -> dt.date | None:
    decided = decided_on(case)
    return wd.add_calendar_months(decided, case.lead_partnership.lcspr_months) if decided else None


def latest_checks(case_ids: CaseIds) -> dict[int, dict[str, dt.date | None]]:
    """The deadline engine's anchor source: the latest progress check of each case (one query)."""
    # No order: the model's leading "case" would join the cases table into the grouping for nothing.
    rows = (
        ProgressCheck.objects.filter(case_id__in=case_ids).order_by().values("case_id").annotate(last=Max("checked_on"))
    )
    return {row["case_id"]: {"regulation_14_checked": row["last"]} for row in rows}


@dataclass(frozen=True)
class Forecast:
    date: dt.date
    because: str  # what sets it, in words for the page


@dataclass(frozen=True)
class Month:
    number: int
    starts_after: dt.date
    ends_on: dt.date
    checks: tuple[ProgressCheck, ...]
    status: str  # "Checked", "No check recorded", "Due", "Not yet due"

    @property
    def tag_class(self) -> str:
        return {"Checked": "govuk-tag--green", "No check recorded": "govuk-tag--red", "Due": "govuk-tag--yellow"}.get(
            self.status, "govuk-tag--grey"
        )


@dataclass(frozen=True)
class PauseRow:
    pause: ClockPause
    days: int  # calendar days paused so far (to today while it runs)
    running: bool


@dataclass
class Clock:
    case: Case
    decided: dt.date | None
    due: dt.date | None
    today: dt.date
    months: list[Month] = field(default_factory=list)
    checks: list[ProgressCheck] = field(default_factory=list)
    pauses: list[PauseRow] = field(default_factory=list)
    discussions: list[PanelDiscussion] = field(default_factory=list)
    forecast: Forecast | None = None

    @property
    def completed(self) -> bool:
        return self.case.report_approved_date is not None

    @property
    def paused_days(self) -> int:
        return sum(p.days for p in self.pauses)

    @property
    def forecast_late(self) -> bool:
        return bool(self.forecast and self.due and self.forecast.date > self.due)

    @property
    def discussion_needed(self) -> bool:
        """A forecast past the due date, not yet discussed with the Panel at that date or later (rule 48)."""
        return needs_discussion(self.forecast, self.due, self.discussions, self.completed)

    @property
    def overdue_months(self) -> list[Month]:
        return [m for m in self.months if m.status == "No check recorded"]


def needs_discussion(
    forecast: Forecast | None, due: dt.date | None, discussions: Iterable[PanelDiscussion], completed: bool
) -> bool:
    if completed or forecast is None or due is None or forecast.date <= due:
        return False
    return not any(d.forecast_discussed >= forecast.date for d in discussions)


def _months(decided: dt.date, months: int, today: dt.date, checks: list[ProgressCheck], done: bool) -> list[Month]:
    """Month m runs from decided + (m-1) months (exclusive) to decided + m months (inclusive): the
    engine's windows. Months go on past the due date while the report is not yet approved."""
    out: list[Month] = []
    number = 1
    previous = decided
    while True:
        ends = wd.add_calendar_months(decided, number)
        if number > months and (done or previous >= today):
            break
        inside = tuple(c for c in checks if previous < c.checked_on <= ends)
        if inside:
            status = "Checked"
        elif ends < today:
            status = "No check recorded"
        elif previous < today <= ends:
            status = "Due"
        else:
            status = "Not yet due"
        out.append(Month(number, previous, ends, inside, status))
        previous = ends
        number += 1
        if number > 240:  # twenty years: a guard against a bad setting, never reached in practice
            break
    return out


def forecast_for(
    case_id: int,
    latest: ProgressCheck | None,
    pauses: Iterable[ClockPause],
    meeting_dates: dict[int, tuple[dt.date, str]],
    today: dt.date,
) -> Forecast | None:
    """The latest of: the forecast recorded at the latest check, the expected end of a running pause,
    and the latest open review team item (a meeting still to hold, an action still open)."""
    candidates: list[Forecast] = []
    if latest is not None:
        candidates.append(
            Forecast(latest.forecast_completion, f"forecast at the progress check of {latest.checked_on:%-d %B %Y}")
        )
    for p in pauses:
        if p.ended_on is None and p.expected_end is not None and p.expected_end >= today:
            candidates.append(Forecast(p.expected_end, f"a pause expected to end on {p.expected_end:%-d %B %Y}"))
    if case_id in meeting_dates:
        day, label = meeting_dates[case_id]
        candidates.append(Forecast(day, label))
    return max(candidates, key=lambda f: f.date, default=None)


def _open_meeting_items(case_ids: list[int]) -> dict[int, tuple[dt.date, str]]:
    # Review team meetings are the other half of this oversight; imported here so the
    # dependency runs one way (oversight reads meetings, never the reverse).
    from cspr.reviewmeetings.queries import latest_open_dates

    return latest_open_dates(case_ids)


def clock_for(case: Case, today: dt.date) -> Clock:
    """The whole clock of one case in five queries."""
    decided, due = decided_on(case), due_on(case)
    clock = Clock(case=case, decided=decided, due=due, today=today)
    if decided is None:
        return clock
    clock.checks = list(ProgressCheck.objects.filter(case=case).select_related("recorded_by"))
    pauses = list(ClockPause.objects.filter(case=case))
    clock.pauses = [
        PauseRow(
            p, max(((p.ended_on or today) - p.started_on).days + 1, 0), p.ended_on is None and p.started_on <= today
        )
        for p in pauses
    ]
    clock.discussions = list(PanelDiscussion.objects.filter(case=case))
    clock.months = _months(
        decided, case.lead_partnership.lcspr_months, today, clock.checks, case.report_approved_date is not None
    )
    latest = clock.checks[0] if clock.checks else None
    clock.forecast = forecast_for(case.pk, latest, pauses, _open_meeting_items([case.pk]), today)
    return clock


@dataclass(frozen=True)
class Warning:
    case: Case
    due: dt.date
    forecast: Forecast


def late_forecasts(cases: list[Case], today: dt.date) -> list[Warning]:
    """Cases whose forecast runs past the due date with no Panel discussion of it: four queries for
    any number of cases (the dashboard's warning)."""
    live = [c for c in cases if c.lcspr_commissioned_date is not None and c.report_approved_date is None]
    ids = [c.pk for c in live]
    if not ids:
        return []
    latest: dict[int, ProgressCheck] = {}
    for check in ProgressCheck.objects.filter(case_id__in=ids).order_by("case_id", "-checked_on", "-id"):
        latest.setdefault(check.case_id, check)
    pauses: dict[int, list[ClockPause]] = defaultdict(list)
    for pause in ClockPause.objects.filter(case_id__in=ids, ended_on__isnull=True):
        pauses[pause.case_id].append(pause)
    discussions: dict[int, list[PanelDiscussion]] = defaultdict(list)
    for d in PanelDiscussion.objects.filter(case_id__in=ids):
        discussions[d.case_id].append(d)
    meetings = _open_meeting_items(ids)
    out: list[Warning] = []
    for case in live:
        due = due_on(case)
        forecast = forecast_for(case.pk, latest.get(case.pk), pauses[case.pk], meetings, today)
        if due and forecast and needs_discussion(forecast, due, discussions[case.pk], False):
            out.append(Warning(case, due, forecast))
    return out
