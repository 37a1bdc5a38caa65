"""The deadline engine's values: its inputs (a partnership's clock settings, a case's anchor dates,
an extension or pause) and its output (``Deadline`` and its state), kept apart from the engine's
rules (``cspr.deadlines.engine``, which re-exports them) so each file stays readable.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cspr.cases import milestones
from cspr.deadlines import working_days as wd


class State(enum.StrEnum):
    NOT_YET_DUE = "not_yet_due"
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    MET = "met"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]

    @property
    def outstanding(self) -> bool:
        return self in {State.DUE_SOON, State.DUE_TODAY, State.OVERDUE, State.NOT_YET_DUE}


_STATE_LABELS = {
    State.NOT_YET_DUE: "Not yet due",
    State.DUE_SOON: "Due soon",
    State.DUE_TODAY: "Due today",
    State.OVERDUE: "Overdue",
    State.MET: "Met",
    State.NOT_APPLICABLE: "Not applicable",
}


class Responsible(enum.StrEnum):
    LOCAL_AUTHORITY = "la"
    BUSINESS_UNIT = "business_unit"
    AGENCIES = "agencies"
    PARTNERS = "partners"
    LEAD_REVIEWER = "lead_reviewer"

    @property
    def label(self) -> str:
        return _RESPONSIBLE_LABELS[self]


_RESPONSIBLE_LABELS = {
    Responsible.LOCAL_AUTHORITY: "Local authority",
    Responsible.BUSINESS_UNIT: "Partnership business unit",
    Responsible.AGENCIES: "Agencies asked for information",
    Responsible.PARTNERS: "Safeguarding partners",
    Responsible.LEAD_REVIEWER: "Lead reviewer",
}


@dataclass(frozen=True, slots=True)
class ClockSettings:
    """A partnership's clock settings (rules.md section 0); the defaults are the conventions."""

    rapid_review_anchor: str = "aware"
    rapid_review_working_days: int = 15
    notification_working_days: int = 5
    scoping_send_working_days: int = 2
    scoping_return_working_days: int = 5
    scoping_return_anchor: str = "sent"
    meeting_window_start_working_days: int = 7
    meeting_window_end_working_days: int = 13
    submission_working_days: int = 2
    lcspr_months: int = 6
    prepublication_working_days: int = 7

    @classmethod
    def from_partnership(cls, partnership: Any) -> ClockSettings:
        return cls(**{name: getattr(partnership, name) for name in cls.__dataclass_fields__})


@dataclass(frozen=True, slots=True)
class Anchors:
    """A case's milestone dates (rules.md C2, C10, C11), named as ``Milestone.anchor``."""

    incident: dt.date | None = None
    aware: dt.date | None = None
    notification_sent: dt.date | None = None
    referral: dt.date | None = None
    scoping_sent: dt.date | None = None
    meeting: dt.date | None = None
    decision: dt.date | None = None
    ratified: dt.date | None = None
    submitted: dt.date | None = None
    # The ratified decision to hold an LCSPR (decision (b), alone or with (d)) starts its clock (C10).
    lcspr_commissioned: dt.date | None = None
    terms_of_reference_agreed: dt.date | None = None
    # "Completed" = the final report approved by the three partners (C10).
    report_approved: dt.date | None = None
    publication: dt.date | None = None  # planned (rule 68 counts back from it)
    published: dt.date | None = None
    not_published: dt.date | None = None
    action_plan_closed: dt.date | None = None
    # Not a milestone: the latest regulation 14 progress check recorded (``cspr.oversight``), supplied
    # by ``services`` through its anchor sources; ``from_case`` leaves it unknown.
    regulation_14_checked: dt.date | None = None
    # Not a milestone: the date the pre-publication copies were recorded as sent (``cspr.publication``,
    # through its anchor source), which meets rule 68's deadline.
    prepublication_copies_sent: dt.date | None = None

    @classmethod
    def from_case(cls, case: Any) -> Anchors:
        return cls(**{m.anchor: getattr(case, m.field) for m in milestones.MILESTONES})

    @property
    def lcspr_completed(self) -> bool:
        return self.report_approved is not None

    @property
    def closed(self) -> bool:
        return self.action_plan_closed is not None


DATE_FIELDS = tuple(m.anchor for m in milestones.MILESTONES)


def anchors_from_dates(values: Mapping[str, dt.date | None]) -> Anchors:
    """Anchors from a mapping of date fields (forms and the command); unknown keys are refused."""
    unknown = set(values) - set(DATE_FIELDS)
    if unknown:
        raise ValueError(f"Not anchor dates: {sorted(unknown)}")
    return Anchors(**{k: v for k, v in values.items()})


def order_errors(anchors: Anchors) -> dict[str, str]:
    """Field -> GOV.UK error message for every date outside the table or in an impossible order.

    The order rules are the milestone table's (``cspr.cases.milestones.ORDER``), keyed here by anchor."""
    errors: dict[str, str] = {}
    for name in DATE_FIELDS:
        value = getattr(anchors, name)
        if isinstance(value, dt.date) and value < dt.date(wd.FIRST_YEAR, 1, 1):
            errors[name] = f"The date must be in {wd.FIRST_YEAR} or later"
        elif isinstance(value, dt.date) and value > dt.date(wd.LAST_YEAR - 2, 12, 31):
            errors[name] = f"The date must be in {wd.LAST_YEAR - 2} or earlier"
    values = {m.field: getattr(anchors, m.anchor) for m in milestones.MILESTONES}
    for field_name, message in milestones.order_errors(values).items():
        name = milestones.BY_FIELD[field_name].anchor
        if name not in errors:
            errors[name] = message
    return errors


@dataclass(frozen=True, slots=True)
class Adjustment:
    """An extension or pause recorded against one deadline (``cspr.deadlines.models``)."""

    new_due: dt.date
    kind: str
    reason: str
    agreed_by: str
    original_due: dt.date | None = None


@dataclass(slots=True)
class Deadline:
    """One due date; built by ``compute`` and not changed after it returns."""

    key: str
    label: str
    due: dt.date | None
    rule: str
    source: str
    responsible: Responsible
    stage: str
    state: State = State.NOT_APPLICABLE
    met_on: dt.date | None = None
    window_start: dt.date | None = None
    original_due: dt.date | None = None
    adjustment: Adjustment | None = None
    waiting_for: str = ""
    notes: tuple[str, ...] = ()
    predicted: bool = False
    reminds: bool = True
    working_days_left: int | None = None
    alert: bool = False

    @property
    def state_label(self) -> str:
        if self.state is State.MET:
            return f"Met on {self.met_on:%-d %B %Y}" if self.met_on else "Done"
        if self.state is State.NOT_APPLICABLE and self.waiting_for:
            return "Cannot start yet"
        return self.state.label
