"""Deadline reminder emails, planned into the outbox (``cspr.outbox``), which sends each once.

Planning is idempotent: the outbox key is unique per (case deadline, kind, day), so running the
sweep twice, or after a worker was killed, plans nothing new. Emails name the case reference and
the deadline, never the child or family.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case, CaseMembership, MembershipRole
from cspr.deadlines.engine import Deadline, Responsible, State
from cspr.deadlines.services import deadlines_for_cases
from cspr.outbox import api as outbox
from cspr.outbox import sender
from cspr.outbox.kinds import MailKind

logger = logging.getLogger(__name__)

DIGEST_WEEKDAY = 0  # Monday


def _kind_for(deadline: Deadline, today: dt.date) -> tuple[MailKind, dt.date] | None:
    """Which reminder this deadline calls for today, and the day that keys it."""
    if not deadline.reminds or deadline.due is None:
        return None
    if deadline.state is State.DUE_SOON and deadline.working_days_left == 2:
        return MailKind.DEADLINE_DUE_SOON, deadline.due
    if deadline.state is State.DUE_TODAY:
        return MailKind.DEADLINE_DUE_TODAY, deadline.due
    if deadline.state is State.OVERDUE:
        # The day after it fell due, then once a week.
        first = deadline.due + dt.timedelta(days=1)
        slot = first + dt.timedelta(days=7 * ((today - first).days // 7))
        return MailKind.DEADLINE_OVERDUE, slot
    return None


def _case_url(case: Case) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("cases:detail", args=[case.reference])


def _subject(case: Case, d: Deadline, kind: MailKind) -> str:
    when = {
        MailKind.DEADLINE_DUE_SOON: "due in 2 working days",
        MailKind.DEADLINE_DUE_TODAY: "due today",
        MailKind.DEADLINE_OVERDUE: "overdue",
    }[kind]
    return f"{case.reference}: {d.label} – {when}"


def _body(case: Case, d: Deadline, kind: MailKind) -> str:
    lines = [
        f"Case {case.reference}",
        f"Deadline: {d.label}",
        f"Due: {d.due:%A %-d %B %Y}",
    ]
    if kind is MailKind.DEADLINE_OVERDUE:
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


def _create(*, key: str, kind: MailKind, recipients: list[str], meta: dict[str, Any], **fields: Any) -> bool:
    # The unique key makes planning idempotent: a reminder already planned is not queued again.
    return outbox.enqueue(key=f"reminder:{key}", kind=kind, to=recipients, meta=meta, **fields) is not None


def plan(today: dt.date) -> int:
    """Plan today's reminders for every open case; returns how many new outbox rows were made."""
    # One transaction: the outbox is asked to send once, when every reminder is planned.
    with transaction.atomic():
        return _plan(today)


def _plan(today: dt.date) -> int:
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
                key=f"case{case.pk}:{d.key}:{kind.value.split('.')[-1]}:{day.isoformat()}",
                partnership_id=case.lead_partnership_id,
                case=case,
                kind=kind,
                meta={"deadline_key": d.key, "day": day.isoformat(), "due": d.due.isoformat() if d.due else None},
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
            kind=MailKind.DEADLINE_DIGEST,
            meta={"day": today.isoformat()},
            recipients=[user.email],
            subject=f"Your statutory deadlines this week: {len(items)} outstanding",
            body="\n".join(lines),
        )
    return created


def sweep(today: dt.date | None = None) -> dict[str, int]:
    day = today or timezone.localdate()
    planned = plan(day)
    counts = sender.send_pending()
    logger.info("Reminder sweep for %s: %s planned, %s sent, %s failed", day, planned, counts["sent"], counts["failed"])
    return {"planned": planned, **counts}
