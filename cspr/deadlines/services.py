"""From the database to the engine: calendars per partnership and deadlines for one or many cases.

The bulk function reads cases, closure days and adjustments in a fixed number of queries whatever
the number of cases (the dashboard asserts it).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from cspr.cases import milestones
from cspr.cases.models import Case
from cspr.deadlines import working_days as wd
from cspr.deadlines.engine import Adjustment, Anchors, ClockSettings, Deadline, compute, next_deadline
from cspr.deadlines.models import DeadlineAdjustment
from cspr.organisations.models import ClosureDay, Partnership

# The cases an anchor source reads: their ids, or a query of them (``cases.values("pk")``) that the
# source filters by as a subquery, which a national sweep passes rather than 20,000 ids in an IN list.
CaseIds = Collection[int] | QuerySet[Any, Any]
# Facts the engine reads beside the milestones, held by other apps (the latest regulation 14 progress
# check, ``cspr.oversight``): ``(case ids) -> {case id: {anchor name: date}}``, one query whatever the
# number of cases. Registered from the owning app's ``AppConfig.ready``, so this app imports none of them.
AnchorSource = Callable[[CaseIds], dict[int, dict[str, dt.date | None]]]
ANCHOR_SOURCES: list[AnchorSource] = []


def register_anchor_source(source: AnchorSource) -> None:
    if source not in ANCHOR_SOURCES:
        ANCHOR_SOURCES.append(source)


def _extra_anchors(case_ids: CaseIds) -> dict[int, dict[str, dt.date | None]]:
    found: dict[int, dict[str, dt.date | None]] = defaultdict(dict)
    if isinstance(case_ids, Collection) and not case_ids:
        return found
    for source in ANCHOR_SOURCES:
        for case_id, values in source(case_ids).items():
            found[case_id].update(values)
    return found


def anchors_for(case: Case, extra: dict[int, dict[str, dt.date | None]] | None = None) -> Anchors:
    """The case's milestones plus what the anchor sources know about it."""
    values = (extra if extra is not None else _extra_anchors([case.pk])).get(case.pk)
    anchors = Anchors.from_case(case)
    return replace(anchors, **values) if values else anchors


def today() -> dt.date:
    """Deadlines are dates in England: today is the local date in Europe/London."""
    return timezone.localdate()


def calendar_for_partnership(partnership_id: int) -> wd.WorkingCalendar:
    days = ClosureDay.objects.filter(partnership_id=partnership_id).values_list("date", flat=True)
    return wd.calendar_for(frozenset(d for d in days if _valid_closure(d)))


def _valid_closure(day: dt.date) -> bool:
    # Closure days are validated on entry; an odd row (e.g. loaded by hand) must not break every page.
    try:
        wd.validate_closure_day(day)
    except ValueError:
        return False
    return True


def _adjustments(rows: Iterable[DeadlineAdjustment]) -> dict[int, dict[str, Adjustment]]:
    found: dict[int, dict[str, Adjustment]] = defaultdict(dict)
    for row in rows:  # ordered by recorded_at: the latest one wins
        found[row.case_id][row.deadline_key] = Adjustment(
            new_due=row.new_due,
            kind=row.kind,
            reason=row.reason,
            agreed_by=row.agreed_by,
            original_due=row.original_due,
        )
    return found


def case_adjustments(case: Case) -> list[DeadlineAdjustment]:
    """The case's extensions and pauses, oldest first (the order ``deadlines_for_case`` applies them in)."""
    return list(
        DeadlineAdjustment.objects.filter(case=case).select_related("recorded_by").order_by("recorded_at", "id")
    )


def deadlines_for_case(
    case: Case, on: dt.date | None = None, adjustments: list[DeadlineAdjustment] | None = None
) -> list[Deadline]:
    """``adjustments``: ``case_adjustments(case)`` when the caller has read them already (the case page
    shows them too), so they are read once."""
    rows = case_adjustments(case) if adjustments is None else adjustments
    by_case = _adjustments(rows)
    return compute(
        anchors_for(case),
        ClockSettings.from_partnership(case.lead_partnership),
        calendar_for_partnership(case.lead_partnership_id),
        on or today(),
        by_case.get(case.pk, {}),
    )


@dataclass(frozen=True)
class CaseDeadlines:
    case: Case
    deadlines: list[Deadline]

    @property
    def next(self) -> Deadline | None:
        return next_deadline(self.deadlines)


def calendars_for(partnership_ids: Iterable[int]) -> dict[int, wd.WorkingCalendar]:
    """The working calendar of each partnership, closure days read in one query (sweeps pass these
    to the pure ``working_days`` functions instead of asking the database once per date)."""
    ids = set(partnership_ids)
    closures: dict[int, set[dt.date]] = defaultdict(set)
    for pid, date in ClosureDay.objects.filter(partnership_id__in=ids).values_list("partnership_id", "date"):
        if _valid_closure(date):
            closures[pid].add(date)
    return {pid: wd.calendar_for(frozenset(closures.get(pid, ()))) for pid in ids}


def deadlines_for_cases(cases: QuerySet[Case], on: dt.date | None = None) -> list[CaseDeadlines]:
    """Deadlines of many cases in a fixed number of queries: cases with partnerships, closure days,
    adjustments, and one per anchor source."""
    day = on or today()
    case_list = list(cases.select_related("lead_partnership"))
    calendars = calendars_for(c.lead_partnership_id for c in case_list)
    adjustments = _adjustments(
        DeadlineAdjustment.objects.filter(case_id__in=[c.pk for c in case_list]).order_by("recorded_at", "id")
    )
    extra = _extra_anchors([c.pk for c in case_list])
    settings_cache: dict[int, ClockSettings] = {}
    out = []
    for case in case_list:
        pid = case.lead_partnership_id
        if pid not in settings_cache:
            settings_cache[pid] = ClockSettings.from_partnership(case.lead_partnership)
        deadlines = compute(
            anchors_for(case, extra), settings_cache[pid], calendars[pid], day, adjustments.get(case.pk, {})
        )
        out.append(CaseDeadlines(case, deadlines))
    return out


ANCHOR_FIELDS = [m.field for m in milestones.MILESTONES]
ANCHOR_NAMES = [m.anchor for m in milestones.MILESTONES]
# ``recompute_all`` builds ``Anchors`` positionally from the milestone columns (keywords cost a dict
# per case): the milestone table and the dataclass must list the dates in the same order.
if [f.name for f in fields(Anchors)][: len(ANCHOR_NAMES)] != ANCHOR_NAMES:
    raise RuntimeError("engine.Anchors must start with the milestones' anchors, in the milestone table's order")


@contextmanager
def _no_collection() -> Iterator[None]:
    """No cyclic garbage collection while a sweep builds its results.

    A national sweep makes some 300,000 objects (deadlines, their dates and tuples) that all survive
    until it returns and hold no reference cycles, so every collection the allocations trigger walks
    a growing heap and frees nothing: about a third of the sweep's CPU on 20,000 cases. Reference
    counting still frees everything as usual; the collector runs again on the caller's next allocations.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def recompute_all(cases: QuerySet[Case], on: dt.date | None = None) -> dict[int, list[Deadline]]:
    """Every deadline of many cases (a national sweep), keyed by case id: the milestone dates are read
    as plain tuples (no model objects), each partnership's settings and calendar once, and the other
    tables filtered by the cases' query (a subquery) rather than by a list of their ids."""
    day = on or today()
    case_ids = cases.values("pk")
    with _no_collection():
        rows = list(cases.values_list("pk", "lead_partnership_id", *ANCHOR_FIELDS))
        pids = {row[1] for row in rows}
        calendars = calendars_for(pids)
        settings_by_id = {p.pk: ClockSettings.from_partnership(p) for p in Partnership.objects.filter(pk__in=pids)}
        adjustments = _adjustments(
            DeadlineAdjustment.objects.filter(case_id__in=case_ids).order_by("recorded_at", "id")
        )
        extra = _extra_anchors(case_ids)
        out: dict[int, list[Deadline]] = {}
        none: dict[str, Adjustment] = {}
        for pk, pid, *dates in rows:
            anchors = Anchors(*dates)
            if pk in extra:
                anchors = replace(anchors, **extra[pk])
            out[pk] = compute(anchors, settings_by_id[pid], calendars[pid], day, adjustments.get(pk, none))
    return out


def partnership_settings(partnership: Partnership) -> ClockSettings:
    return ClockSettings.from_partnership(partnership)
