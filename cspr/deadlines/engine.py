"""The deadline engine: every due date of the toolkit, derived from a case's milestone dates.

Pure and in memory: ``compute(anchors, settings, calendar, today, adjustments)`` takes plain
dataclasses and returns ``Deadline`` objects, so the case page, the dashboard, the calculator, the
``statutory_dates`` command, the reminders and the benchmark all share one implementation.
Nothing is stored: a deadline is recomputed from the anchors each time, and an extension or pause is
applied on top with the original date kept (a deadline never moves silently). The anchors are the
case's milestone dates (``cspr.cases.milestones``, whose table also holds their order rules); the
engine never reads the headline stage. A deadline is met only by an event that has happened: a
milestone dated after today (a meeting set ahead) is a plan, not a completion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from operator import attrgetter

from cspr.deadlines import working_days as wd
from cspr.deadlines.values import (
    DATE_FIELDS,
    Adjustment,
    Anchors,
    ClockSettings,
    Deadline,
    Responsible,
    State,
    anchors_from_dates,
    order_errors,
)

# The values are imported from here by most callers: the engine is their one entry point.
__all__ = [
    "DATE_FIELDS",
    "DUE_SOON_WORKING_DAYS",
    "Adjustment",
    "Anchors",
    "ClockSettings",
    "Deadline",
    "Responsible",
    "State",
    "anchors_from_dates",
    "compute",
    "lcspr_decided",
    "next_deadline",
    "order_errors",
    "regulation_14_months",
    "statutory_dates",
]

DUE_SOON_WORKING_DAYS = 2


_MEMO_LIMIT = 200_000  # (day, n) answers kept per calendar: a few MB at most


@dataclass(slots=True)
class _Builder:
    anchors: Anchors
    settings: ClockSettings
    cal: wd.WorkingCalendar
    found: list[Deadline] = field(default_factory=list)

    def after(self, day: dt.date | None, n: int) -> dt.date | None:
        if day is None:
            return None
        # Cases share their dates: a sweep of 20,000 cases asks for the same (day, n) many times.
        memo = self.cal.memo
        key = (day, n)
        if key in memo:
            return memo[key]
        try:
            found: dt.date | None = self.cal.add_working_days(day, n)
        except wd.OutOfRangeError:
            found = None  # the answer falls outside the table: shown as not applicable, never a crash
        if len(memo) < _MEMO_LIMIT:
            memo[key] = found
        return found

    def before(self, day: dt.date | None, n: int) -> dt.date | None:
        if day is None:
            return None
        try:
            return self.cal.subtract_working_days(day, n)
        except wd.OutOfRangeError:
            return None


_RAPID_REVIEW_KEYS = {anchor: f"rapid_review_from_{anchor}" for anchor in ("aware", "referral", "notification")}
_RAPID_REVIEW_WAITS = {
    "aware": "the date the local authority became aware",
    "referral": "the referral date",
    "notification": "the date the notification was sent",
}


@cache
def _rapid_review_labels(n: int) -> dict[str, str]:
    return {
        "aware": f"Complete and submit the Rapid Review ({n} working days from awareness)",
        "referral": f"Complete and submit the Rapid Review ({n} working days from the referral)",
        "notification": f"Complete and submit the Rapid Review ({n} working days from the notification)",
    }


def _rapid_review(b: _Builder) -> dt.date | None:
    a, s = b.anchors, b.settings
    n = s.rapid_review_working_days
    met = a.submitted
    from_aware = b.after(a.aware, n)
    from_referral = b.after(a.referral, n)
    candidates = {"aware": from_aware, "referral": from_referral}
    if s.rapid_review_anchor == "notification":
        candidates["notification"] = b.after(a.notification_sent, n)
    known = [d for d in candidates.values() if d is not None]
    # Only one date alerts: the earliest, and on a tie the partnership's chosen anchor (then the first).
    alerting: str | None = None
    if known:
        earliest = min(known)
        if candidates.get(s.rapid_review_anchor) == earliest:
            alerting = s.rapid_review_anchor
        else:
            alerting = next(k for k, d in candidates.items() if d == earliest)
    labels = _rapid_review_labels(n)
    waits = _RAPID_REVIEW_WAITS
    for anchor, due in candidates.items():
        b.found.append(
            Deadline(
                _RAPID_REVIEW_KEYS[anchor],
                labels[anchor],
                due,
                "Rules 38, 6; conventions C4, A1",
                "§4.2.2, §4.4.2",
                Responsible.PARTNERS,
                "meeting",
                met_on=met,
                waiting_for="" if due else waits[anchor],
                # Both dates are shown; only the earlier one alerts and sends reminders (C4).
                alert=anchor == alerting,
                reminds=anchor == alerting,
            )
        )
    return candidates.get(s.rapid_review_anchor) or from_aware


def _rapid_review_stage(b: _Builder) -> None:
    a, s = b.anchors, b.settings
    notify = b.after(a.aware, s.notification_working_days)
    wait_aware = "" if a.aware else "the date the local authority became aware"
    b.found.append(
        Deadline(
            "notification",
            "Notify the National Panel of the serious incident",
            notify,
            "Rule 2; convention C3",
            "§4.1.1",
            Responsible.LOCAL_AUTHORITY,
            "referral",
            met_on=a.notification_sent,
            waiting_for=wait_aware,
        )
    )
    b.found.append(
        Deadline(
            "share_notification",
            "Share the notification with the safeguarding partners",
            notify,
            "Rule 5; convention C3",
            "§4.1.4",
            Responsible.LOCAL_AUTHORITY,
            "referral",
            met_on=a.referral,
            waiting_for=wait_aware,
        )
    )
    send_by = b.after(a.referral, s.scoping_send_working_days)
    wait_ref = "" if a.referral else "the referral date"
    b.found.append(
        Deadline(
            "scoping_send",
            "Send the scoping templates to all relevant agencies",
            send_by,
            "Rule 20; convention C5",
            "§4.3.3",
            Responsible.BUSINESS_UNIT,
            "scoping",
            met_on=a.scoping_sent,
            waiting_for=wait_ref,
        )
    )
    notes: list[str] = []
    if s.scoping_return_anchor == "referral":
        return_by = b.after(a.referral, s.scoping_return_working_days)
    elif a.scoping_sent is not None:
        return_by = b.after(a.scoping_sent, s.scoping_return_working_days)
    else:
        return_by = b.after(send_by, s.scoping_return_working_days)
        if return_by is not None:
            notes.append("Counted from the send-by date until the templates are sent.")
    if return_by is not None and a.meeting is not None and return_by > a.meeting:
        notes.append("Returns are due after the meeting date (convention C5).")
    b.found.append(
        Deadline(
            "scoping_return",
            "Agencies return the scoping templates",
            return_by,
            "Rule 22; conventions C5, A3",
            "§4.3.4, Document 2a",
            Responsible.AGENCIES,
            "scoping",
            met_on=None,
            waiting_for=wait_ref,
            notes=tuple(notes),
        )
    )
    start = b.after(a.referral, s.meeting_window_start_working_days)
    end = b.after(a.referral, s.meeting_window_end_working_days)
    meeting_notes: tuple[str, ...] = ()
    if a.meeting is not None and start is not None and end is not None and not start <= a.meeting <= end:
        meeting_notes = ("The meeting was held outside the window.",)
    b.found.append(
        Deadline(
            "meeting",
            "Hold the Rapid Review meeting",
            end,
            "Rule 26; conventions C6, A12",
            "§4.4.2",
            Responsible.BUSINESS_UNIT,
            "meeting",
            met_on=a.meeting,
            window_start=start,
            waiting_for=wait_ref,
            notes=meeting_notes,
        )
    )
    rr_due = _rapid_review(b)
    submission: dt.date | None = None
    if a.meeting is not None:
        submission = b.after(a.meeting, s.submission_working_days)
        if rr_due is not None and submission is not None:
            submission = min(submission, rr_due)
    b.found.append(
        Deadline(
            "panel_submission",
            "Submit the Rapid Review and covering letter to the National Panel",
            submission,
            "Rules 37, 38; convention C7",
            "§4.7.1",
            Responsible.BUSINESS_UNIT,
            "ratification",
            met_on=a.submitted,
            waiting_for="" if a.meeting else "the meeting date",
        )
    )


def lcspr_decided(a: Anchors) -> dt.date | None:
    """C10: the six months count from the ratified decision (the decision date until it is ratified)."""
    return a.ratified or a.decision or a.lcspr_commissioned


def regulation_14_months(anchors: Anchors, settings: ClockSettings) -> list[dt.date]:
    """The end of each month of the LCSPR's clock, when a monthly check falls due (C10), up to the due date."""
    decided = lcspr_decided(anchors)
    if decided is None or anchors.lcspr_commissioned is None:
        return []
    return [wd.add_calendar_months(decided, m) for m in range(1, settings.lcspr_months + 1)]


@cache
def _lcspr_label(months: int) -> str:
    return f"Complete the LCSPR ({months} months from the ratified decision)"


def _later_stages(b: _Builder, today: dt.date) -> None:
    a, s = b.anchors, b.settings
    decided = lcspr_decided(a)
    lcspr_due = wd.add_calendar_months(decided, s.lcspr_months) if decided else None
    commissioned = a.lcspr_commissioned is not None and a.lcspr_commissioned <= today
    lcspr_wait = "" if decided else "the date the decision was ratified"
    if decided and not commissioned and not a.lcspr_completed:
        # Commissioned only by a ratified decision (b): until the three ratify, the clock waits for them.
        lcspr_wait = "a decision to commission an LCSPR" if a.ratified else "the ratification of the decision"
    b.found.append(
        Deadline(
            "lcspr",
            _lcspr_label(s.lcspr_months),
            lcspr_due,
            "Rules 47, 48; conventions C10, A8",
            "§3.1.2, §3.1.4",
            Responsible.LEAD_REVIEWER,
            "lcspr",
            met_on=a.report_approved,
            waiting_for=lcspr_wait,
            reminds=commissioned,
        )
    )
    check: dt.date | None = None
    if decided and commissioned and not a.lcspr_completed:
        # Regulation 14: a progress check each month from the ratified decision until the report is
        # approved. Month m ends on decided + m months (counted from the decision each time, so the
        # month-end clamp never drifts); a check answers for the month it falls in, so the next one is
        # due at the end of the following month, and a month that ends with no check is overdue.
        months = 1
        last = a.regulation_14_checked
        if last is not None:
            while wd.add_calendar_months(decided, months) < last:
                months += 1
            months += 1
        check = wd.add_calendar_months(decided, months)
    b.found.append(
        Deadline(
            "regulation_14_check",
            "Monitor the LCSPR's progress and quality (regulation 14 monthly check)",
            check,
            "Rule 48; convention C10; regulation 14",
            "§3.1.4",
            Responsible.PARTNERS,
            "lcspr",
            waiting_for="" if check else "an LCSPR in progress",
            notes=(f"Last progress check recorded on {a.regulation_14_checked:%-d %B %Y}.",)
            if check and a.regulation_14_checked
            else (),
        )
    )
    # A decision not to publish (rule 67) leaves no report to copy ahead or keep online: nothing to chase.
    planned = None if a.not_published else a.publication
    copies = b.before(planned, s.prepublication_working_days)
    wait_pub = "" if planned or a.not_published else "the publication date"
    b.found.append(
        Deadline(
            "prepublication_copies",
            "Send the report to the National Panel, Ofsted and the Secretary of State",
            copies,
            "Rule 68; conventions C11, A7",
            "§10.5.1",
            Responsible.BUSINESS_UNIT,
            "publication",
            met_on=a.prepublication_copies_sent,
            waiting_for=wait_pub,
        )
    )
    available = wd.add_years(planned, 1) if planned else None
    b.found.append(
        Deadline(
            "available_until",
            "Keep the published report available on the website",
            available,
            "Rule 69; conventions C11, A9",
            "§10.5.2",
            Responsible.BUSINESS_UNIT,
            "publication",
            waiting_for=wait_pub,
            reminds=False,
        )
    )


def _set_availability(d: Deadline, due: dt.date, today: dt.date) -> None:
    """The report stays available until its date: met once that day has passed, due on the day."""
    if today > due:
        d.state, d.met_on = State.MET, due
    elif today == due:
        d.state = State.DUE_TODAY
    else:
        d.state = State.NOT_YET_DUE


def _set_states(
    found: list[Deadline], anchors: Anchors, cal: wd.WorkingCalendar, today: dt.date, today_rank: int | None
) -> None:
    """Decide each deadline's state in place (this runs for every deadline of every case: keep it lean)."""
    closed = anchors.closed
    # Steps with no recorded date of their own, no longer chased once a later step has happened.
    met_after_scoping = anchors.meeting is not None and anchors.meeting <= today
    published = anchors.publication is not None and today > anchors.publication
    rank = cal.rank
    for d in found:
        if d.met_on is not None and d.met_on > today:
            # Planned, not done: a meeting set for 1 December has not met its deadline on 29 November.
            d.notes = (*d.notes, f"Planned for {d.met_on:%-d %B %Y}.")
            d.met_on = None
        due = d.due
        if due is None:
            d.state = State.MET if d.met_on else State.NOT_APPLICABLE
            continue
        d.working_days_left = left = None if today_rank is None else rank(due) - today_rank
        d.predicted = due.year > wd.LAST_CONFIRMED_YEAR
        if d.met_on is not None:
            d.state = State.MET
            if d.met_on > due:
                late = cal.working_days_between(due, d.met_on)
                d.notes = (*d.notes, f"Met {late} working day{'s' if late != 1 else ''} late.")
        elif d.waiting_for or closed:
            d.state = State.NOT_APPLICABLE
        elif d.key == "available_until":
            _set_availability(d, due, today)
        elif (met_after_scoping and d.key == "scoping_return") or (published and d.key == "prepublication_copies"):
            d.state = State.NOT_APPLICABLE
            d.notes = (*d.notes, "No longer chased: a later step has happened.")
        elif today > due:
            d.state = State.OVERDUE
        elif today == due:
            d.state = State.DUE_TODAY
        elif left is not None and left <= DUE_SOON_WORKING_DAYS:
            d.state = State.DUE_SOON
        else:
            d.state = State.NOT_YET_DUE


_LOWEST = dt.date(wd.FIRST_YEAR, 1, 1)
_ANCHOR_VALUES = attrgetter(*DATE_FIELDS)
_HIGHEST = dt.date(wd.LAST_YEAR - 2, 12, 31)


def _within_table(anchors: Anchors) -> Anchors:
    """Anchors outside the table (refused at entry, but stored data may predate the check) count as
    unknown, so a case page shows "Cannot start yet" instead of failing."""
    values = _ANCHOR_VALUES(anchors)  # runs for every case: dates are truthy, None is not
    lowest = min(filter(None, values), default=None)
    if lowest is None or (lowest >= _LOWEST and max(filter(None, values)) <= _HIGHEST):
        return anchors
    bad = {
        name: None
        for name, value in zip(DATE_FIELDS, values, strict=True)
        if value is not None and not _LOWEST <= value <= _HIGHEST
    }
    return replace(anchors, **bad)


def compute(
    anchors: Anchors,
    settings: ClockSettings,
    calendar: wd.WorkingCalendar,
    today: dt.date,
    adjustments: Mapping[str, Adjustment] | None = None,
) -> list[Deadline]:
    """Every deadline of the case, in the order of the toolkit."""
    anchors = _within_table(anchors)
    builder = _Builder(anchors, settings, calendar)
    _rapid_review_stage(builder)
    _later_stages(builder, today)
    today_rank = calendar.rank(today) if wd.FIRST_YEAR <= today.year <= wd.LAST_YEAR else None
    found = builder.found
    if adjustments:
        for d in found:
            adj = adjustments.get(d.key)
            if adj is not None and d.due is not None:
                d.original_due, d.due, d.adjustment = d.due, adj.new_due, adj
    _set_states(found, anchors, calendar, today, today_rank)
    return found


def next_deadline(deadlines: list[Deadline]) -> Deadline | None:
    """The earliest outstanding deadline that alerts (overdue ones first, as they are earliest)."""
    open_ = [d for d in deadlines if d.state.outstanding and d.due is not None and d.reminds]
    return min(open_, key=lambda d: d.due or dt.date.max, default=None)


def statutory_dates(
    anchors: Anchors, settings: ClockSettings | None = None, calendar: wd.WorkingCalendar | None = None
) -> dict[str, str]:
    """The ``statutory_dates`` command's JSON: the ISO dates the inputs allow."""
    settings = settings or ClockSettings()
    calendar = calendar or wd.default_calendar()
    today = anchors.referral or anchors.aware or dt.date(wd.FIRST_YEAR, 1, 1)
    by_key = {d.key: d for d in compute(anchors, settings, calendar, today)}
    out: dict[str, dt.date | None] = {
        "notification_due": by_key["notification"].due,
        "scoping_send_by": by_key["scoping_send"].due,
        "scoping_return_by": by_key["scoping_return"].due,
        "meeting_window_start": by_key["meeting"].window_start,
        "meeting_window_end": by_key["meeting"].due,
        "rapid_review_due": by_key[f"rapid_review_from_{settings.rapid_review_anchor}"].due,
        "rapid_review_due_from_referral": by_key["rapid_review_from_referral"].due,
        "panel_submission_due": by_key["panel_submission"].due,
        "lcspr_due": by_key["lcspr"].due,
        "prepublication_copies_by": by_key["prepublication_copies"].due,
        "publication_available_until": by_key["available_until"].due,
    }
    return {k: v.isoformat() for k, v in out.items() if v is not None}
