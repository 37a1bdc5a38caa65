"""Reminders about actions (toolkit §11.4: the partnership follows up progress).

- due soon: ``DUE_SOON_WORKING_DAYS`` working days or fewer before the due date;
- overdue: the day after the due date has passed;
- stale: no progress update for ``STALE_DAYS`` days (since the action was added, if never updated).

Each goes once per action, kind and the date it is about (``Reminder`` rows and the outbox key): a
new due date or a new update makes a new event. To the owning agency's leads and the lead
partnership's business managers; the email gives the case reference, the action number and the
date, never the child. Safe to run any number of times a day.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.actionplans.models import Action, Reminder, ReminderKind, Status
from cspr.cases.transitions import ActionRefused, case_action
from cspr.deadlines.services import calendar_for_partnership
from cspr.outbox import api as outbox
from cspr.outbox.kinds import MailKind
from cspr.ui.formatting import format_date

DUE_SOON_WORKING_DAYS = 10
STALE_DAYS = 90


def recipients(action: Action) -> list[str]:
    from cspr.portal.mail import agency_recipients

    emails = agency_recipients(action.agency) if action.agency is not None else []
    managers = User.objects.filter(
        partnership_id=action.case.lead_partnership_id, role=Role.BUSINESS_MANAGER, is_active=True
    ).order_by("email")
    for email in managers.values_list("email", flat=True):
        if email not in emails:
            emails.append(email)
    return emails


def _wording(action: Action, kind: str, about: dt.date) -> tuple[str, str]:
    ref = action.case.reference
    if kind == ReminderKind.DUE_SOON:
        return f"Action {action.number} due {format_date(about)}: case {ref}", f"is due on {format_date(about)}"
    if kind == ReminderKind.OVERDUE:
        return f"Action {action.number} overdue: case {ref}", f"was due on {format_date(about)} and is still open"
    return (
        f"Action {action.number} needs a progress update: case {ref}",
        f"has had no progress update since {format_date(about)}",
    )


def send_reminder(action: Action, *, kind: str, about: dt.date, acting_user: User | None = None) -> bool:
    """Queue one reminder (once: the ``Reminder`` row and the outbox key); False if already sent."""
    with case_action(action.case_id, "actionplans.remind", acting_user=acting_user) as ctx:
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(action=action, kind=kind, about=about)
        except IntegrityError:
            return False
        subject, what = _wording(action, kind, about)
        link = settings.SITE_URL + reverse("actionplans:action", args=[action.case.reference, action.number])
        body = (
            f"Action {action.number} of the action plan for case {action.case.reference} {what}.\n\n"
            f"Record progress or ask for an update: {link}\n\n"
            "This email does not contain personal information."
        )
        outbox.enqueue(
            kind=MailKind.ACTION_REMINDER,
            to=recipients(action),
            subject=subject,
            body=body,
            case=ctx.case,
            key=f"actionplans:{action.pk}:{kind}:{about.isoformat()}",
        )
        ctx.audit(obj=reminder, after={"action": action.pk, "kind": kind, "about": about.isoformat()})
    return True


def due_events(action: Action, today: dt.date) -> list[tuple[str, dt.date]]:
    events: list[tuple[str, dt.date]] = []
    if action.due_date < today:
        events.append((ReminderKind.OVERDUE, action.due_date))
    else:
        calendar = calendar_for_partnership(action.case.lead_partnership_id)
        if calendar.working_days_between(today, action.due_date) <= DUE_SOON_WORKING_DAYS:
            events.append((ReminderKind.DUE_SOON, action.due_date))
    last = action.last_update_on or timezone.localtime(action.created_at).date()
    if (today - last).days >= STALE_DAYS:
        events.append((ReminderKind.STALE, last))
    return events


def remind_actions(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    actions = Action.objects.filter(status=Status.OPEN, case__action_plan_closed_date__isnull=True).select_related(
        "case", "agency"
    )
    done = set(Reminder.objects.filter(action__in=actions).values_list("action_id", "kind", "about"))
    for action in actions:
        for kind, about in due_events(action, today):
            if (action.pk, kind, about) in done:
                continue
            try:
                if send_reminder(action, kind=kind, about=about):
                    sent += 1
            except ActionRefused:
                continue
    return sent
