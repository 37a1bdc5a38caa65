"""The dated milestones of a case (rules.md C2, C10, C11) and the one table of their order rules.

A case is a set of dated milestones, not a position on one line: an LCSPR runs workstreams in
parallel, and a deadline counts from the date an event happened, whatever else has happened since.
``Case.stage`` is a headline for lists and filters only, derived here from the milestones
(``derive_stage``); ``cspr.cases.transitions`` writes it when a case action ends. The deadlines
engine reads the dates (``Milestone.anchor`` names its field), never the stage.

To add a milestone: add the date field to ``Case`` (with a migration), a row to ``MILESTONES``, its
order rows to ``ORDER`` and, if reaching it moves the headline, a line to ``derive_stage``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cspr.cases.models import Stage


@dataclass(frozen=True, slots=True)
class Milestone:
    field: str  # the Case date field
    anchor: str  # the deadlines engine's name for it (cspr.deadlines.engine.Anchors)
    label: str  # lower-case phrase used in error messages and on the case page
    past_only: bool  # an event that has happened: it cannot be recorded with a date in the future
    record: bool = True  # shown with the anchor dates on the case page and edited with them


MILESTONES: tuple[Milestone, ...] = (
    Milestone("incident_date", "incident", "the date of the incident", True),
    Milestone("aware_date", "aware", "the date the local authority became aware", True),
    Milestone("notification_sent_date", "notification_sent", "the date the notification was sent", True),
    Milestone("referral_received_date", "referral", "the date the referral was received", True),
    Milestone("scoping_sent_date", "scoping_sent", "the date the scoping requests were sent", True),
    # A meeting can be set ahead: it is a plan until the day comes (the engine counts it met only then).
    Milestone("meeting_date", "meeting", "the date of the Rapid Review meeting", False),
    Milestone("decision_date", "decision", "the date of the decision", False),
    Milestone("ratified_date", "ratified", "the date the decision was ratified", False),
    Milestone("submitted_date", "submitted", "the date the Rapid Review was submitted to the National Panel", False),
    Milestone("lcspr_commissioned_date", "lcspr_commissioned", "the date the LCSPR was commissioned", True, False),
    Milestone(
        "terms_of_reference_agreed_date",
        "terms_of_reference_agreed",
        "the date the terms of reference were agreed",
        True,
        False,
    ),
    Milestone("report_approved_date", "report_approved", "the date the final report was approved", True, False),
    # The planned publication date: the pre-publication copies count back from it (rule 68).
    Milestone("publication_date", "publication", "the date of publication", False, False),
    Milestone("published_date", "published", "the date the report was published", True, False),
    # Rule 67 (§10.1.3): the partners may decide not to publish (and publish information about the
    # improvements instead); that decision, not a publication, ends the publication stage.
    Milestone(
        "not_published_date", "not_published", "the date the partners decided not to publish the report", True, False
    ),
    Milestone("action_plan_closed_date", "action_plan_closed", "the date the action plan was closed", True, False),
)
BY_FIELD: dict[str, Milestone] = {m.field: m for m in MILESTONES}
BY_ANCHOR: dict[str, Milestone] = {m.anchor: m for m in MILESTONES}
FIELDS: tuple[str, ...] = tuple(m.field for m in MILESTONES)
# The Rapid Review's anchor dates, shown and edited together on the case page (rules.md C2).
RECORD_FIELDS: list[tuple[str, str]] = [(m.field, m.label) for m in MILESTONES if m.record]
LABELS: dict[str, str] = {m.field: m.label for m in MILESTONES}
PAST_ONLY: frozenset[str] = frozenset(m.field for m in MILESTONES if m.past_only)


@dataclass(frozen=True, slots=True)
class Order:
    earlier: str  # Case field
    later: str  # Case field; the error is shown on this one
    message: str


def _after(later: str, earlier: str, message: str = "") -> Order:
    return Order(
        earlier,
        later,
        message or f"{LABELS[later][0].upper()}{LABELS[later][1:]} must be the same as or after {LABELS[earlier]}",
    )


# The one table of order rules: (earlier, later). The case forms, the case actions, the deadline
# calculator and the ``statutory_dates`` command all check against it.
ORDER: tuple[Order, ...] = (
    _after("aware_date", "incident_date"),
    _after("notification_sent_date", "aware_date"),
    _after("referral_received_date", "incident_date"),
    _after("scoping_sent_date", "referral_received_date"),
    _after(
        "meeting_date", "referral_received_date", "The date of the meeting must be the same as or after the referral"
    ),
    _after(
        "meeting_date",
        "scoping_sent_date",
        "The date of the meeting must be the same as or after the scoping requests were sent",
    ),
    _after("decision_date", "meeting_date"),
    _after("ratified_date", "decision_date"),
    _after(
        "submitted_date", "ratified_date", "The Rapid Review cannot be submitted before all three partners ratify it"
    ),
    _after("submitted_date", "meeting_date"),
    _after("lcspr_commissioned_date", "decision_date"),
    _after("terms_of_reference_agreed_date", "lcspr_commissioned_date"),
    _after("report_approved_date", "terms_of_reference_agreed_date"),
    _after("report_approved_date", "lcspr_commissioned_date"),
    _after("publication_date", "decision_date", "The date of publication must be after the decision"),
    _after("published_date", "report_approved_date"),
    _after("not_published_date", "report_approved_date"),
    _after("action_plan_closed_date", "decision_date"),
)


def order_errors(
    values: Mapping[str, dt.date | None], today: dt.date | None = None, *, only: frozenset[str] | None = None
) -> dict[str, str]:
    """GOV.UK-worded errors keyed by the Case field at fault (the later date of a pair).

    ``today`` turns on the past-only rule; ``only`` limits the check to rules touching those fields
    (an action reaching one milestone is not refused for an old, unrelated pair)."""
    errors: dict[str, str] = {}
    if today is not None:
        for name in sorted(PAST_ONLY):
            value = values.get(name)
            if value is not None and value > today and (only is None or name in only):
                errors[name] = f"{LABELS[name][0].upper()}{LABELS[name][1:]} must be today or in the past"
    for rule in ORDER:
        if only is not None and rule.earlier not in only and rule.later not in only:
            continue
        a, b = values.get(rule.earlier), values.get(rule.later)
        if a is not None and b is not None and b < a and rule.later not in errors:
            errors[rule.later] = rule.message
    return errors


def dates(case: Any) -> dict[str, dt.date | None]:
    """Every milestone date of a case, keyed by Case field."""
    return {name: getattr(case, name) for name in FIELDS}


def reached(case: Any, field: str) -> bool:
    """The milestone has a date (for the meeting: it is set, held or not)."""
    return getattr(case, field) is not None


def derive_stage(case: Any) -> Stage:
    """The headline stage: the furthest milestone reached, for lists and filters.

    The LCSPR clock starts at the ratified decision (``lcspr_commissioned_date``), but the headline
    stays with the Rapid Review until the LCSPR's own work begins with its terms of reference: the
    Panel's response is still recorded on a submitted Rapid Review.
    """
    if case.action_plan_closed_date is not None:
        return Stage.CLOSED
    # getattr: migration 0004 derives stages on a historical Case that predates this field.
    if case.published_date is not None or getattr(case, "not_published_date", None) is not None:
        return Stage.EMBEDDING
    if case.report_approved_date is not None:
        return Stage.PUBLICATION
    if case.terms_of_reference_agreed_date is not None:
        return Stage.LCSPR
    if case.submitted_date is not None:
        return Stage.SUBMITTED
    if case.decision_date is not None:
        return Stage.RATIFICATION
    if case.meeting_date is not None:
        return Stage.MEETING
    if case.scoping_sent_date is not None:
        return Stage.SCOPING
    return Stage.REFERRAL
