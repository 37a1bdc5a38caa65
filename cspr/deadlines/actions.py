"""Every change the clock makes, each audited in its own transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from cspr.accounts.models import User
from cspr.audit import log as audit
from cspr.cases.models import Case
from cspr.cases.transitions import case_action, not_closed, register_action
from cspr.deadlines import working_days as wd
from cspr.deadlines.models import AdjustmentKind, DeadlineAdjustment
from cspr.deadlines.services import calendar_for_partnership, deadlines_for_case
from cspr.organisations.models import ClosureDay, Partnership

# An extension or pause of a case's deadline; closure days and the reminder queue are not case actions.
register_action("deadlines.record_adjustment", allowed=not_closed)


def check_closure_day(partnership: Partnership, day: dt.date) -> None:
    """Raise ``ValidationError`` for a weekend, a bank holiday, a date outside the table or a repeat."""
    try:
        wd.validate_closure_day(day)
    except ValueError as error:
        raise ValidationError(str(error)) from error
    if ClosureDay.objects.filter(partnership=partnership, date=day).exists():
        raise ValidationError(f"{day:%-d %B %Y} is already a closure day")


def add_closure_day(*, partnership: Partnership, day: dt.date, reason: str, acting_user: User) -> ClosureDay:
    check_closure_day(partnership, day)
    with transaction.atomic():
        closure = ClosureDay(partnership=partnership, date=day, reason=reason.strip())
        closure.full_clean()
        closure.save()
        audit.record(
            actor=acting_user,
            action="deadlines.add_closure_day",
            obj=closure,
            partnership_id=partnership.pk,
            after={"date": day.isoformat(), "reason": closure.reason},
            detail={"label": f"{day:%-d %B %Y}"},
        )
    return closure


def remove_closure_day(*, closure: ClosureDay, acting_user: User) -> None:
    with transaction.atomic():
        before = {"date": closure.date.isoformat(), "reason": closure.reason}
        audit.record(
            actor=acting_user,
            action="deadlines.remove_closure_day",
            obj=closure,
            partnership_id=closure.partnership_id,
            before=before,
            detail={"label": f"{closure.date:%-d %B %Y}"},
        )
        closure.delete()


def record_adjustment(
    *,
    case: Case,
    deadline_key: str,
    kind: str,
    reason: str,
    agreed_by: str,
    acting_user: User,
    new_due: dt.date | None = None,
    paused_from: dt.date | None = None,
    paused_until: dt.date | None = None,
) -> DeadlineAdjustment:
    """Extend or pause one deadline. The original date is kept on the row and on the page.

    The current due date is worked out from the locked case, so a milestone recorded meanwhile counts."""
    with case_action(case, "deadlines.record_adjustment", acting_user=acting_user) as ctx:
        current = {d.key: d for d in deadlines_for_case(ctx.case)}.get(deadline_key)
        if current is None or current.due is None:
            raise ValidationError("This deadline has no due date yet, so it cannot be extended or paused")
        if kind == AdjustmentKind.PAUSE:
            if paused_from is None or paused_until is None or paused_until < paused_from:
                raise ValidationError("Enter the dates the clock was paused, with the end on or after the start")
            calendar = calendar_for_partnership(case.lead_partnership_id)
            # The clock stops for the working days of the pause, the first day included.
            stopped = calendar.working_days_between(paused_from, paused_until)
            stopped += 1 if calendar.is_working_day(paused_from) else 0
            new_due = calendar.add_working_days(current.due, stopped)
        if new_due is None:
            raise ValidationError("Enter the new due date")
        if new_due <= current.due and kind == AdjustmentKind.EXTENSION:
            raise ValidationError("The new due date must be after the current due date")
        row = DeadlineAdjustment.objects.create(
            case=case,
            deadline_key=deadline_key,
            kind=kind,
            original_due=current.original_due or current.due,
            new_due=new_due,
            paused_from=paused_from,
            paused_until=paused_until,
            reason=reason.strip(),
            agreed_by=agreed_by.strip(),
            recorded_by=acting_user,
        )
        audit.record(
            actor=acting_user,
            action=f"deadlines.{kind}",
            obj=row,
            case=case,
            before={"deadline": deadline_key, "due": current.due.isoformat()},
            after={"deadline": deadline_key, "due": new_due.isoformat(), "agreed_by": row.agreed_by},
            detail={"label": current.label},
        )
    return row
