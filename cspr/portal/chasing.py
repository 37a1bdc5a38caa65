"""Chasing agencies (rule 22): a reminder the working day before the due date, one on the day,
and one when the request becomes overdue. Safe to run any number of times a day: each
(request, kind, day) is queued once (``Reminder``'s unique constraint and the outbox key). The
email goes through the outbox, which audits it as sent only once the SMTP server accepted it.

Called by ``manage.py chase_requests`` and by the statutory clock's reminder sweep.
Emails carry the case reference, the agency and the due date only.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError
from django.utils import timezone

from cspr.audit import log as audit
from cspr.cases.transitions import ActionRefused, case_action
from cspr.deadlines.services import calendars_for
from cspr.deadlines.working_days import WorkingCalendar
from cspr.outbox import api as outbox
from cspr.outbox.kinds import MailKind
from cspr.portal import mail
from cspr.portal.clock import previous_working_day
from cspr.portal.models import OUTSTANDING_STATES, InformationRequest, Reminder, ReminderKind
from cspr.ui.formatting import format_date

SUBJECTS = {
    ReminderKind.BEFORE_DUE: "Reminder: information due tomorrow for case {reference}",
    ReminderKind.DUE_TODAY: "Reminder: information due today for case {reference}",
    ReminderKind.OVERDUE: "Overdue: information for case {reference}",
}


def kind_due(
    request: InformationRequest,
    today: dt.date,
    calendar: WorkingCalendar | None = None,
    overdue_sent: set[int] | None = None,
) -> ReminderKind | None:
    """The reminder due today, if any. A sweep passes each partnership's ``calendar`` and the ids of
    requests already chased as overdue (read once for the sweep); alone, this asks the database."""
    due = request.due_date
    if due is None:
        return None
    if today == due:
        return ReminderKind.DUE_TODAY
    if calendar is None:
        before = previous_working_day(request.case.lead_partnership_id, due)
    else:
        before = calendar.subtract_working_days(due, 1)
    if today == before:
        return ReminderKind.BEFORE_DUE
    if today > due:
        if overdue_sent is None:
            already = request.reminders.filter(kind=ReminderKind.OVERDUE).exists()
        else:
            already = request.pk in overdue_sent
        if not already:
            return ReminderKind.OVERDUE
    return None


def _body(request: InformationRequest, kind: ReminderKind) -> str:
    due = format_date(request.due_date)
    lead = {
        ReminderKind.BEFORE_DUE: f"The information {request.agency.name} was asked for is due on {due}.",
        ReminderKind.DUE_TODAY: f"The information {request.agency.name} was asked for is due today, {due}.",
        ReminderKind.OVERDUE: (
            f"The information {request.agency.name} was asked for was due on {due} and has not been returned. "
            "If it is not returned promptly the partnership may escalate the request (regional guidance 2.1.7)."
        ),
    }[kind]
    return (
        f"Case {request.case.reference}\n\n{lead}\n\n"
        "If your agency has had no involvement with the child or family, please confirm this in writing on the request.\n\n"
        f"Sign in to answer:\n{mail.request_link(request.pk)}\n\n"
        "This email does not contain personal information."
    )


def chase_requests(today: dt.date | None = None) -> int:
    """Queue the reminders due today; returns how many were queued."""
    today = today or timezone.localdate()
    sent = 0
    # Closed cases refuse the chase anyway; leaving them out keeps the sweep to the live requests.
    candidates = list(
        InformationRequest.objects.filter(
            state__in=OUTSTANDING_STATES, due_date__isnull=False, case__action_plan_closed_date__isnull=True
        ).select_related("case", "agency")
    )
    # Closure days and earlier overdue reminders once per sweep, not once per request.
    calendars = calendars_for({r.case.lead_partnership_id for r in candidates})
    overdue_sent = set(
        Reminder.objects.filter(
            kind=ReminderKind.OVERDUE, request_id__in=[r.pk for r in candidates if r.due_date and r.due_date < today]
        ).values_list("request_id", flat=True)
    )
    for request in candidates:
        kind = kind_due(request, today, calendars[request.case.lead_partnership_id], overdue_sent)
        if kind is None:
            continue
        recipients = mail.agency_recipients(request.agency)
        try:
            with case_action(request.case_id, "portal.chase", acting_user=None):
                reminder = Reminder.objects.create(request=request, kind=kind, day=today, recipients=recipients)
                audit.record(
                    actor=None,
                    action="portal.reminder_queued",
                    obj=reminder,
                    case=request.case,
                    after={"kind": kind, "day": today.isoformat(), "recipients": len(recipients)},
                    detail={"label": f"{request.agency.name}: {ReminderKind(kind).label.lower()}"},
                )
                outbox.enqueue(
                    kind=MailKind.AGENCY_REMINDER,
                    key=reminder.outbox_key,
                    case=request.case,
                    meta={"request": request.pk, "kind": kind, "day": today.isoformat()},
                    to=recipients,
                    subject=SUBJECTS[kind].format(reference=request.case.reference),
                    body=_body(request, kind),
                )
        except IntegrityError:
            continue  # another sweep sent it first
        except ActionRefused:
            continue  # the case has closed since the request went out
        sent += 1
    return sent
