"""Named, audited actions of embedding learning (toolkit §11, rules 71 and 73).

Partnership actions (the audit of progress: not about one case) are each one transaction writing
their audit row with the partnership's id, like ``cspr.organisations.actions``. Case actions (the
dissemination plan and the 7-minute briefing) run through ``case_action``; they are allowed once the
Rapid Review's decision is recorded (learning can be shared from then) until the case closes, and
only the lead partnership's writers make them (C12).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from cspr.access import require_lead_partnership
from cspr.accounts.roles import Role
from cspr.audit import log as audit
from cspr.cases.concurrency import lock_and_check, snapshot
from cspr.cases.models import Case
from cspr.cases.transitions import all_of, case_action, not_closed, reached, register_action
from cspr.dissemination import progress
from cspr.dissemination.models import (
    DEFAULT_CYCLE_MONTHS,
    Activity,
    ActivityKind,
    Attendance,
    AuditCycle,
    Briefing,
    CycleMonths,
    ProgressReport,
)
from cspr.organisations.models import Partnership
from cspr.outbox import api as outbox
from cspr.outbox.kinds import MailKind

if TYPE_CHECKING:
    from cspr.accounts.models import User

_SHARING = all_of(not_closed, reached("decision_date"))
_REFUSAL = "Learning is shared once the Rapid Review's decision is recorded, until the case is closed."
register_action("dissemination.save_activity", allowed=_SHARING, refusal=_REFUSAL)
register_action("dissemination.record_attendance", allowed=_SHARING, refusal=_REFUSAL)
register_action("dissemination.save_briefing", allowed=_SHARING, refusal=_REFUSAL)

ACTIVITY_FIELDS = ["kind", "title", "audience", "planned_on", "held_on", "delivered_by", "notes"]
BRIEFING_FIELDS = ["title", "background", "why_it_matters", "information", "questions", "what_to_do"]
BRIEFING_FIELDS += ["further_information"]


# -- the audit of progress (partnership) -----------------------------------------------------------


def reads_progress(user: User, partnership: Partnership) -> bool:
    """The partnership's case readers read its audits of progress (the scrutineer and auditor too)."""
    role = Role(user.role)
    return user.is_active and role.sees_all_partnership_cases and user.partnership_id == partnership.pk


def changes_progress(user: User, partnership: Partnership) -> bool:
    """The partnership's case writers (business manager, partner leads, CSPR group) run the audit."""
    return reads_progress(user, partnership) and Role(user.role).edits_partnership_cases


def _require_writer(user: User, partnership: Partnership) -> None:
    if not changes_progress(user, partnership):
        raise PermissionDenied("Only the partnership's business manager, partner leads and CSPR group do this.")


def cycle_months(partnership: Partnership) -> int:
    cycle = AuditCycle.objects.filter(partnership=partnership).values_list("months", flat=True).first()
    return int(cycle) if cycle is not None else int(DEFAULT_CYCLE_MONTHS)


def set_cycle(partnership: Partnership, *, months: int, expected_version: int | None, acting_user: User) -> AuditCycle:
    """Change how often the partnership audits progress (a partnership setting, audited)."""
    _require_writer(acting_user, partnership)
    if months not in CycleMonths.values:
        raise ValidationError({"months": "Select how often progress is audited"})
    with transaction.atomic():
        cycle, created = AuditCycle.objects.get_or_create(
            partnership=partnership, defaults={"months": months, "updated_by": acting_user}
        )
        before: dict[str, Any] = {"months": int(DEFAULT_CYCLE_MONTHS)}
        if not created:
            cycle = lock_and_check(AuditCycle, cycle.pk, expected_version)
            before = {"months": cycle.months}
            cycle.months = months
            cycle.updated_by = acting_user
            cycle.version += 1
            cycle.save()
        audit.record(
            actor=acting_user,
            action="dissemination.set_cycle",
            obj=cycle,
            partnership_id=partnership.pk,
            before=before,
            after={"months": months, "version": cycle.version},
        )
    return cycle


def generate_report(partnership: Partnership, *, acting_user: User, today: dt.date | None = None) -> ProgressReport:
    """Generate a progress report of every open action: the snapshot, then its PDF (rendered before the
    transaction: a conversion takes a moment)."""
    _require_writer(acting_user, partnership)
    day = today or timezone.localdate()
    months = cycle_months(partnership)
    rows = progress.open_actions_for_partnership(partnership)
    last = ProgressReport.objects.filter(partnership=partnership).aggregate(n=Max("number"))["n"]
    draft = ProgressReport(
        partnership=partnership,
        number=(last or 0) + 1,
        generated_on=day,
        generated_by=acting_user,
        cycle_months=months,
        rows=list(rows),
        proposed_next_review=progress.next_review(day, months),
    )
    pdf = progress.render_pdf(draft)
    with transaction.atomic():
        # The partnership row is the lock: two reports generated at once do not take one number.
        Partnership.objects.select_for_update().get(pk=partnership.pk)
        if ProgressReport.objects.filter(partnership=partnership, number__gte=draft.number).exists():
            raise ValidationError("Another progress report was generated at the same time: generate it again.")
        draft.pdf = pdf
        draft.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        draft.save()
        audit.record(
            actor=acting_user,
            action="dissemination.generate_report",
            obj=draft,
            partnership_id=partnership.pk,
            after={
                "number": draft.number,
                "generated_on": day.isoformat(),
                "open_actions": len(rows),
                "cycle_months": months,
                "sha256": draft.pdf_sha256,
            },
            detail={"label": f"progress report {draft.number}"},
        )
    return draft


def record_review(
    report: ProgressReport,
    *,
    reviewed_on: dt.date,
    reviewed_by: str,
    conclusions: str,
    next_review_date: dt.date,
    acting_user: User,
) -> ProgressReport:
    """Record the CSPR group's review of a report: when, who, its conclusions and the next review.
    The PDF is made again with the review in it."""
    _require_writer(acting_user, report.partnership)
    if not conclusions.strip():
        raise ValidationError({"conclusions": "Enter the CSPR group's conclusions"})
    if not reviewed_by.strip():
        raise ValidationError({"reviewed_by": "Enter who reviewed the report"})
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": "The date of the review must be today or in the past"})
    if reviewed_on < report.generated_on:
        raise ValidationError(
            {"reviewed_on": f"The date of the review must be on or after the report, {report.generated_on:%-d %B %Y}"}
        )
    if next_review_date <= reviewed_on:
        raise ValidationError({"next_review_date": "The next review must be after this review"})
    preview = ProgressReport.objects.get(pk=report.pk)
    preview.reviewed_on, preview.reviewed_by, preview.conclusions = reviewed_on, reviewed_by, conclusions
    preview.next_review_date = next_review_date
    pdf = progress.render_pdf(preview)
    with transaction.atomic():
        locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
        if locked.reviewed_on is not None:
            raise ValidationError("The CSPR group's review of this report is already recorded")
        locked.reviewed_on, locked.reviewed_by, locked.conclusions = reviewed_on, reviewed_by, conclusions
        locked.next_review_date = next_review_date
        locked.review_recorded_by = acting_user
        locked.review_recorded_at = timezone.now()
        locked.pdf = pdf
        locked.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        locked.save()
        audit.record(
            actor=acting_user,
            action="dissemination.record_review",
            obj=locked,
            partnership_id=locked.partnership_id,
            after={
                "reviewed_on": reviewed_on.isoformat(),
                "next_review_date": next_review_date.isoformat(),
                "sha256": locked.pdf_sha256,
            },
            detail={"label": f"progress report {locked.number}"},
        )
    return locked


def _url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def remind_review(report: ProgressReport, *, today: dt.date, acting_user: User | None = None) -> bool:
    """Tell the business manager once that the CSPR group's next review of progress is due."""
    with transaction.atomic():
        locked = ProgressReport.objects.select_for_update().select_related("partnership").get(pk=report.pk)
        if locked.reminded_on is not None or locked.next_review_date is None or locked.next_review_date > today:
            return False
        if ProgressReport.objects.filter(partnership_id=locked.partnership_id, number__gt=locked.number).exists():
            return False  # a later report has been generated: the review is under way
        managers = list(
            locked.partnership.users.filter(role=Role.BUSINESS_MANAGER, is_active=True)
            .order_by("pk")
            .values_list("email", flat=True)
        )
        locked.reminded_on = today
        locked.save(update_fields=["reminded_on"])
        outbox.enqueue(
            kind=MailKind.PROGRESS_REVIEW_DUE,
            key=f"progress-review-due:{locked.pk}",
            partnership_id=locked.partnership_id,
            to=managers,
            subject=f"The CSPR group's review of progress is due on {locked.next_review_date:%-d %B %Y}",
            body=(
                f"The CSPR group agreed on {locked.reviewed_on:%-d %B %Y} to review the progress of the action "
                f"plans again on {locked.next_review_date:%-d %B %Y}.\n\n"
                "Generate the progress report of the open actions for the group:\n"
                f"{_url(reverse('dissemination:progress'))}\n"
            ),
        )
        audit.record(
            actor=acting_user,
            action="dissemination.remind_review",
            obj=locked,
            partnership_id=locked.partnership_id,
            after={"day": today.isoformat(), "next_review_date": locked.next_review_date.isoformat()},
            detail={"label": f"progress report {locked.number}"},
        )
    return True


def remind_due_reviews(today: dt.date | None = None) -> int:
    """The periodic sweep: every latest report whose next review has fallen due, reminded once."""
    day = today or timezone.localdate()
    latest = ProgressReport.objects.values("partnership_id").annotate(n=Max("number"))
    sent = 0
    for row in latest:
        report = ProgressReport.objects.filter(
            partnership_id=row["partnership_id"],
            number=row["n"],
            reminded_on__isnull=True,
            next_review_date__lte=day,
        ).first()
        if report is not None and remind_review(report, today=day):
            sent += 1
    return sent


# -- the dissemination plan (case) -----------------------------------------------------------------


def _check_activity(values: dict[str, Any]) -> None:
    if values["kind"] not in ActivityKind.values:
        raise ValidationError({"kind": "Select the kind of activity"})
    for name, message in (("title", "Enter a title"), ("audience", "Enter who it is for")):
        if not str(values[name]).strip():
            raise ValidationError({name: message})
    if not isinstance(values.get("planned_on"), dt.date):
        raise ValidationError({"planned_on": "Enter the planned date"})
    held = values.get("held_on")
    if held is not None and held > timezone.localdate():
        raise ValidationError({"held_on": "The date it was held must be today or in the past"})


def save_activity(
    case: Case, activity: Activity | None, *, values: dict[str, Any], expected_version: int | None, acting_user: User
) -> Activity:
    """Add a briefing or learning event to the plan, or change one (its date held included)."""
    require_lead_partnership(acting_user, case)
    values = {name: values.get(name) for name in ACTIVITY_FIELDS} | {
        "delivered_by": values.get("delivered_by") or "",
        "notes": values.get("notes") or "",
    }
    _check_activity(values)
    with case_action(case, "dissemination.save_activity", acting_user=acting_user) as ctx:
        if activity is None:
            saved = Activity.objects.create(case=ctx.case, recorded_by=acting_user, **values)
            ctx.audit(obj=saved, after=snapshot(saved, ACTIVITY_FIELDS), detail={"label": saved.title})
            return saved
        locked: Activity = lock_and_check(Activity, activity.pk, expected_version)
        if locked.case_id != ctx.case.pk:
            raise PermissionDenied("This activity belongs to another case.")
        if values["held_on"] is None and locked.attendance.exists():
            raise ValidationError({"held_on": "Attendance is recorded: enter the date it was held"})
        before = snapshot(locked, ACTIVITY_FIELDS)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.version += 1
        locked.save()
        ctx.audit(obj=locked, before=before, after=snapshot(locked, ACTIVITY_FIELDS) | {"version": locked.version})
        return locked


def record_attendance(
    activity: Activity, *, organisation: str, role: str, number: int, acting_user: User
) -> Attendance:
    """How many attended from one agency in one role; only for an activity that has been held."""
    require_lead_partnership(acting_user, activity.case)
    if not organisation.strip():
        raise ValidationError({"organisation": "Enter the agency or organisation"})
    if not role.strip():
        raise ValidationError({"role": "Enter the role or staff group"})
    if number < 1:
        raise ValidationError({"number": "The number who attended must be 1 or more"})
    with case_action(activity.case, "dissemination.record_attendance", acting_user=acting_user) as ctx:
        locked = Activity.objects.select_for_update().get(pk=activity.pk, case=ctx.case)
        if locked.held_on is None:
            raise ValidationError("Record the date it was held before its attendance")
        row = Attendance.objects.create(
            activity=locked, organisation=organisation, role=role, number=number, recorded_by=acting_user
        )
        ctx.audit(
            obj=row,
            after={"activity": locked.pk, "organisation": organisation, "role": role, "number": number},
            detail={"label": locked.title},
        )
    return row


def save_briefing(case: Case, *, values: dict[str, Any], expected_version: int | None, acting_user: User) -> Briefing:
    """Write or change the 7-minute briefing's sections (printed with the learning points)."""
    require_lead_partnership(acting_user, case)
    values = {name: (values.get(name) or "") for name in BRIEFING_FIELDS}
    for name in ("title", "background", "why_it_matters", "questions", "what_to_do"):
        if not values[name].strip():
            raise ValidationError({name: "Enter this section of the briefing"})
    with case_action(case, "dissemination.save_briefing", acting_user=acting_user) as ctx:
        existing = Briefing.objects.filter(case=ctx.case).first()
        if existing is None:
            saved = Briefing.objects.create(case=ctx.case, updated_by=acting_user, **values)
            ctx.audit(obj=saved, after={"title": saved.title, "version": saved.version})
            return saved
        locked: Briefing = lock_and_check(Briefing, existing.pk, expected_version)
        before = snapshot(locked, BRIEFING_FIELDS)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.updated_by = acting_user
        locked.version += 1
        locked.save()
        ctx.audit(obj=locked, before=before, after=snapshot(locked, BRIEFING_FIELDS) | {"version": locked.version})
        return locked
