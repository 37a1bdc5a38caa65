"""Which records are past their retention period today: the partnership's periods, its legal holds,
its decisions, and the list of (record class, case) units due for review.

A unit's period ends on ``trigger + period``; it is due from the day after (``trigger < today - period``).
The list costs a fixed number of queries whatever the number of cases: one per destroyable class,
one for the schedules, one for the holds, one for the decisions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, Min, OuterRef, Q

from cspr.cases.models import Case
from cspr.organisations.models import Partnership
from cspr.retention import classes
from cspr.retention.classes import RecordClass, Trigger, add_months, trigger_date
from cspr.retention.models import LegalHold, Outcome, ReviewDecision, Schedule


@dataclass(frozen=True)
class Period:
    years: int
    months: int
    permanent: bool
    default: bool

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months

    @property
    def label(self) -> str:
        if self.permanent:
            return "Kept permanently"
        parts = []
        if self.years:
            parts.append(f"{self.years} year" + ("s" if self.years != 1 else ""))
        if self.months:
            parts.append(f"{self.months} month" + ("s" if self.months != 1 else ""))
        return " and ".join(parts) or "0 months"

    def ends(self, trigger: dt.date) -> dt.date:
        return add_months(trigger, self.total_months)


def default_period(rc: RecordClass) -> Period:
    if rc.default_years is None:
        return Period(0, 0, True, True)
    return Period(rc.default_years, rc.default_months, False, True)


def periods(partnership: Partnership | int) -> dict[str, Period]:
    """Every class's period for the partnership: its own schedule, or the class's default. One query."""
    pk = partnership if isinstance(partnership, int) else partnership.pk
    found = {c.key: default_period(c) for c in classes.CLASSES}
    for row in Schedule.objects.filter(partnership_id=pk):
        rc = classes.BY_KEY.get(row.record_class)
        if rc is not None and rc.destroyable:
            found[rc.key] = Period(row.years, row.months, row.permanent, False)
    return found


@dataclass
class Holds:
    """Active legal holds of a partnership, answered without further queries."""

    every_case: set[str] = field(default_factory=set)  # classes held across the partnership
    by_case: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))  # case -> classes ("" = all)
    reasons: dict[int, list[LegalHold]] = field(default_factory=lambda: defaultdict(list))

    def holds(self, record_class: str, case_id: int) -> bool:
        if record_class in self.every_case or "" in self.every_case:
            return True
        held = self.by_case.get(case_id, set())
        # A hold on any part of the case holds the whole case record too.
        return "" in held or record_class in held or (record_class == classes.CASE_RECORD.key and bool(held))


def active_holds(partnership: Partnership | int) -> Holds:
    """Holds on a case cover it; holds on a person cover their case and every case linked to it."""
    pk = partnership if isinstance(partnership, int) else partnership.pk
    result = Holds()
    rows = list(
        LegalHold.objects.filter(partnership_id=pk, released_at__isnull=True).select_related("person", "person__case")
    )
    person_cases = {h.person.case_id for h in rows if h.person is not None}
    linked: dict[int, set[int]] = defaultdict(set)
    if person_cases:
        through = Case.linked_cases.through
        for a, b in through.objects.filter(from_case_id__in=person_cases).values_list("from_case_id", "to_case_id"):
            linked[a].add(b)
    for hold in rows:
        if hold.case_id is None and hold.person is None:
            result.every_case.add(hold.record_class)
            continue
        covered = {hold.case_id} if hold.case_id is not None else set()
        if hold.person is not None:
            covered |= {hold.person.case_id, *linked[hold.person.case_id]}
        for case_id in covered:
            if case_id is not None:
                result.by_case[case_id].add(hold.record_class)
                result.reasons[case_id].append(hold)
    return result


@dataclass(frozen=True)
class Unit:
    """One record class of one case, past its period."""

    record_class: RecordClass
    case_id: int
    case_reference: str
    trigger_date: dt.date
    period_ends: dt.date
    pending: ReviewDecision | None  # a destruction authorised and not yet carried out

    @property
    def key(self) -> tuple[str, int]:
        return (self.record_class.key, self.case_id)


def _candidates(pk: int, rc: RecordClass, period: Period, today: dt.date) -> list[tuple[int, str, dt.date]]:
    cutoff = add_months(today, -period.total_months)
    if rc.trigger is Trigger.CREATED:
        spec = rc.rows[0]
        qs = spec.model._default_manager.filter(**{f"{spec.path}__lead_partnership_id": pk}, **spec.where)
        qs = qs.filter(**{f"{spec.date_field}__date__lt": cutoff})
        return [
            (case_id, reference, first.date())
            for case_id, reference, first in qs.values_list(spec.path, f"{spec.path}__reference")
            .annotate(first=Min(spec.date_field))
            .order_by(spec.path)
        ]
    cases = Case.objects.alias(trigger=trigger_date(rc.trigger)).filter(lead_partnership_id=pk, trigger__lt=cutoff)
    if not rc.whole_case:
        exists = Q()
        for spec in rc.rows:
            inner = spec.model._default_manager.filter(**{spec.path: OuterRef("pk")}, **spec.where)
            if spec.keep is not None:
                inner = inner.exclude(spec.keep())
            exists |= Q(Exists(inner))
        cases = cases.filter(exists)
    return list(cases.annotate(trigger_on=trigger_date(rc.trigger)).values_list("pk", "reference", "trigger_on"))


def latest_decisions(pk: int) -> dict[tuple[str, int], ReviewDecision]:
    found: dict[tuple[str, int], ReviewDecision] = {}
    for decision in ReviewDecision.objects.filter(partnership_id=pk, case__isnull=False).order_by("decided_at", "id"):
        assert decision.case_id is not None
        found[(decision.record_class, decision.case_id)] = decision
    return found


def due_units(partnership: Partnership | int, today: dt.date) -> list[Unit]:
    """Every unit past its period today, not held and not kept by a decision, oldest first."""
    pk = partnership if isinstance(partnership, int) else partnership.pk
    schedule = periods(pk)
    holds = active_holds(pk)
    decisions = latest_decisions(pk)
    units: list[Unit] = []
    for rc in classes.DESTROYABLE:
        period = schedule[rc.key]
        if period.permanent:
            continue
        for case_id, reference, trigger in _candidates(pk, rc, period, today):
            if holds.holds(rc.key, case_id):
                continue
            decision = decisions.get((rc.key, case_id))
            kept = decision is not None and decision.outcome == Outcome.KEEP and decision.review_again_on
            if kept and kept > today:
                continue
            pending = (
                decision
                if decision is not None and decision.outcome == Outcome.DESTROY and decision.carried_out_at is None
                else None
            )
            units.append(Unit(rc, case_id, reference, trigger, period.ends(trigger), pending))
    units.sort(key=lambda u: (u.period_ends, u.case_reference, u.record_class.key))
    return units


def unit_for(partnership: Partnership | int, record_class: str, case_id: int, today: dt.date) -> Unit | None:
    """The unit if it is due today (and not held, not kept); None otherwise."""
    for unit in due_units(partnership, today):
        if unit.record_class.key == record_class and unit.case_id == case_id:
            return unit
    return None
