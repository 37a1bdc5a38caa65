"""Reminder emails: planned into the outbox once, then each row claimed and sent once.

Planning is idempotent: the outbox key is unique per (case deadline, kind, day), so running the
sweep twice, or after a worker was killed, plans nothing new. Sending claims a row (pending ->
sending) in its own committed update before talking to the SMTP server, and marks it sent straight
after, so a restarted worker never sends a row again. A row left in "sending" by a worker killed in
that instant is not re-sent automatically (it may have gone): it is marked failed for an
administrator to check and retry. SMTP errors are retried with a back-off, then marked failed.

Emails name the case reference and the deadline, never the child or family.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case, CaseMembership, MembershipRole
from cspr.deadlines.engine import Deadline, Responsible, State
from cspr.deadlines.models import OutboxStatus, ReminderKind, ReminderOutbox
from cspr.deadlines.services import deadlines_for_cases
from cspr.env import env_int

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
STALE_CLAIM = dt.timedelta(minutes=10)
DIGEST_WEEKDAY = 0  # Monday


def _kind_for(deadline: Deadline, today: dt.date) -> tuple[ReminderKind, dt.date] | None:
    """Which reminder this deadline calls for today, and the day that keys it."""
    if not deadline.reminds or deadline.due is None:
        return None
    if deadline.state is State.DUE_SOON and deadline.working_days_left == 2:
        return ReminderKind.DUE_SOON, deadline.due
    if deadline.state is State.DUE_TODAY:
        return ReminderKind.DUE_TODAY, deadline.due
    if deadline.state is State.OVERDUE:
        # The day after it fell due, then once a week.
        first = deadline.due + dt.timedelta(days=1)
        slot = first + dt.timedelta(days=7 * ((today - first).days // 7))
        return ReminderKind.OVERDUE, slot
    return None


def _case_url(case: Case) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("cases:detail", args=[case.reference])


def _subject(case: Case, d: Deadline, kind: ReminderKind) -> str:
    when = {
        ReminderKind.DUE_SOON: "due in 2 working days",
        ReminderKind.DUE_TODAY: "due today",
        ReminderKind.OVERDUE: "overdue",
    }[kind]
    return f"{case.reference}: {d.label} – {when}"


def _body(case: Case, d: Deadline, kind: ReminderKind) -> str:
    lines = [
        f"Case {case.reference}",
        f"Deadline: {d.label}",
        f"Due: {d.due:%A %-d %B %Y}",
    ]
    if kind is ReminderKind.OVERDUE:
        lines.append("This deadline has passed. Record the date it was met, or an agreed extension, on the case.")
    if d.original_due:
        lines.append(
            f"Originally due: {d.original_due:%-d %B %Y} (changed by an agreed {d.adjustment.kind if d.adjustment else 'change'})"
        )
    lines += [f"Rule: {d.rule} (toolkit {d.source})", f"Responsible: {d.responsible.label}", "", _case_url(case), ""]
    lines.append("You receive this because you manage reviews for your partnership or are named on this review.")
    return "\n".join(lines)


def _recipients(cases: list[Case]) -> tuple[dict[int, list[User]], dict[int, list[User]]]:
    """Business managers per partnership, lead reviewers per case (two queries)."""
    partnership_ids = {c.lead_partnership_id for c in cases}
    managers: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(
        role=Role.BUSINESS_MANAGER, partnership_id__in=partnership_ids, is_active=True
    ).order_by("email"):
        assert user.partnership_id is not None
        managers[user.partnership_id].append(user)
    reviewers: dict[int, list[User]] = defaultdict(list)
    memberships = CaseMembership.objects.filter(
        case_id__in=[c.pk for c in cases], role=MembershipRole.LEAD_REVIEWER, user__is_active=True
    ).select_related("user")
    for m in memberships:
        reviewers[m.case_id].append(m.user)
    return managers, reviewers


def _create(**fields: object) -> bool:
    try:
        with transaction.atomic():
            ReminderOutbox.objects.create(**fields)
    except IntegrityError:
        return False  # already planned: the unique key is what makes planning idempotent
    return True


def plan(today: dt.date) -> int:
    """Plan today's reminders for every open case; returns how many new outbox rows were made."""
    cases = Case.objects.filter(action_plan_closed_date__isnull=True)  # a milestone, never a stage name
    all_deadlines = deadlines_for_cases(cases, today)
    managers, reviewers = _recipients([cd.case for cd in all_deadlines])
    created = 0
    digest: dict[int, list[tuple[Case, Deadline]]] = defaultdict(list)
    users: dict[int, User] = {}
    for cd in all_deadlines:
        case = cd.case
        for d in cd.deadlines:
            people = list(managers.get(case.lead_partnership_id, []))
            if d.responsible in {Responsible.LEAD_REVIEWER, Responsible.PARTNERS}:
                people += reviewers.get(case.pk, [])
            if d.reminds and d.state in {State.DUE_SOON, State.DUE_TODAY, State.OVERDUE}:
                for person in people:
                    digest[person.pk].append((case, d))
                    users[person.pk] = person
            found = _kind_for(d, today)
            if found is None or not people:
                continue
            kind, day = found
            created += _create(
                key=f"case{case.pk}:{d.key}:{kind.value}:{day.isoformat()}",
                partnership_id=case.lead_partnership_id,
                case=case,
                deadline_key=d.key,
                kind=kind,
                day=day,
                due=d.due,
                recipients=sorted({p.email for p in people}),
                subject=_subject(case, d, kind),
                body=_body(case, d, kind),
            )
    if today.weekday() == DIGEST_WEEKDAY:
        created += _plan_digests(today, digest, users)
    return created


def _plan_digests(today: dt.date, digest: dict[int, list[tuple[Case, Deadline]]], users: dict[int, User]) -> int:
    created = 0
    for user_id, items in digest.items():
        user = users[user_id]
        if user.partnership_id is None and not items:
            continue
        items.sort(key=lambda pair: (pair[1].due or dt.date.max, pair[0].reference))
        lines = [f"Your outstanding statutory deadlines on {today:%A %-d %B %Y}:", ""]
        for case, d in items:
            lines.append(f"- {case.reference}: {d.label} – {d.state_label.lower()}, due {d.due:%-d %B %Y}")
        lines += ["", settings.SITE_URL.rstrip("/") + reverse("ui:dashboard"), ""]
        created += _create(
            key=f"user{user_id}:digest:{today.isoformat()}",
            partnership_id=items[0][0].lead_partnership_id,
            case=None,
            kind=ReminderKind.DIGEST,
            day=today,
            recipients=[user.email],
            subject=f"Your statutory deadlines this week: {len(items)} outstanding",
            body="\n".join(lines),
        )
    return created


def _release_stale(now: dt.datetime) -> None:
    ReminderOutbox.objects.filter(status=OutboxStatus.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        status=OutboxStatus.FAILED,
        last_error="The worker stopped while sending; check with the recipients, then retry if it did not arrive.",
    )


def _claim(row_id: int, now: dt.datetime) -> bool:
    # A conditional update is atomic on SQLite and PostgreSQL: only one worker wins the row.
    return (
        ReminderOutbox.objects.filter(pk=row_id, status=OutboxStatus.PENDING).update(
            status=OutboxStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
        == 1
    )


def _message(row: ReminderOutbox) -> EmailMessage:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].rstrip(">") or "cspr.invalid"
    return EmailMessage(
        subject=row.subject,
        body=row.body,
        to=list(row.recipients),
        # The same reminder always has the same Message-ID, so a mail client would fold a duplicate.
        headers={"Message-ID": f"<reminder-{row.key.replace(':', '.')}@{domain}>"},
    )


def send_pending(now: dt.datetime | None = None) -> dict[str, int]:
    """Send every due outbox row once; returns counts of sent and failed rows."""
    now = now or timezone.now()
    _release_stale(now)
    ready = ReminderOutbox.objects.filter(status=OutboxStatus.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    counts = {"sent": 0, "failed": 0}
    pause = env_int("CSPR_REMINDER_SEND_PAUSE_MS", 0) / 1000
    for row_id in list(ready.order_by("id").values_list("id", flat=True)):
        if not _claim(row_id, timezone.now()):
            continue
        row = ReminderOutbox.objects.get(pk=row_id)
        try:
            _message(row).send()
        except Exception as error:  # any SMTP or connection failure: retry later, then give up visibly
            failed = row.attempts >= MAX_ATTEMPTS
            ReminderOutbox.objects.filter(pk=row_id).update(
                status=OutboxStatus.FAILED if failed else OutboxStatus.PENDING,
                next_attempt_at=timezone.now() + dt.timedelta(minutes=5 * 2 ** (row.attempts - 1)),
                last_error=f"{type(error).__name__}: {error}"[:500],
            )
            counts["failed"] += 1
            logger.warning("Reminder %s not sent (attempt %s): %s", row.pk, row.attempts, type(error).__name__)
            continue
        ReminderOutbox.objects.filter(pk=row_id).update(status=OutboxStatus.SENT, sent_at=timezone.now(), last_error="")
        counts["sent"] += 1
        if pause:
            # A steady pace keeps within SMTP relays' rate limits (and gives tests a window).
            time.sleep(pause)
    return counts


def sweep(today: dt.date | None = None) -> dict[str, int]:
    day = today or timezone.localdate()
    planned = plan(day)
    counts = send_pending()
    logger.info("Reminder sweep for %s: %s planned, %s sent, %s failed", day, planned, counts["sent"], counts["failed"])
    return {"planned": planned, **counts}


def failed_for(partnership_ids: Iterable[int]) -> list[ReminderOutbox]:
    return list(
        ReminderOutbox.objects.filter(partnership_id__in=list(partnership_ids))
        .filter(Q(status=OutboxStatus.FAILED) | Q(status=OutboxStatus.PENDING, attempts__gt=0))
        .select_related("case")
        .order_by("-created_at")[:200]
    )
