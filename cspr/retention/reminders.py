"""The daily sweep: tell each partnership's data protection contact how many records are newly past
their retention period. Counts only (no case reference, no name); each (class, case, period end) is
counted in one email only (``DueNotice``), so the sweep can run any number of times."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.organisations.models import Partnership
from cspr.outbox.api import enqueue
from cspr.outbox.kinds import MailKind
from cspr.retention import policy
from cspr.retention.models import DueNotice, RetentionSettings


def recipients(partnership: Partnership) -> list[str]:
    found = RetentionSettings.objects.filter(partnership=partnership).select_related("data_protection_lead").first()
    if found is not None and found.data_protection_email:
        return [found.data_protection_email]
    if found is not None and found.data_protection_lead is not None and found.data_protection_lead.is_active:
        return [found.data_protection_lead.email]
    return list(
        User.objects.filter(partnership=partnership, role=Role.BUSINESS_MANAGER, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
    )


def notify_partnership(partnership: Partnership, today: dt.date) -> int:
    """Queue the email for one partnership if anything is newly due; returns the number newly counted."""
    units = policy.due_units(partnership, today)
    if not units:
        return 0
    with transaction.atomic():
        told = set(
            DueNotice.objects.filter(partnership=partnership).values_list(
                "record_class", "case_reference", "period_ended_on"
            )
        )
        new = [u for u in units if (u.record_class.key, u.case_reference, u.period_ends) not in told]
        if not new:
            return 0
        DueNotice.objects.bulk_create(
            [
                DueNotice(
                    partnership=partnership,
                    record_class=u.record_class.key,
                    case_reference=u.case_reference,
                    period_ended_on=u.period_ends,
                    notified_on=today,
                )
                for u in new
            ],
            ignore_conflicts=True,
        )
        by_class = Counter(u.record_class.label for u in new)
        lines = "\n".join(f"- {label}: {n}" for label, n in sorted(by_class.items()))
        body = (
            f"{len(new)} record{'s are' if len(new) != 1 else ' is'} newly past the retention period "
            f"and waiting for review ({len(units)} in total):\n\n{lines}\n\n"
            "Nothing is destroyed without a recorded decision. Review them here:\n"
            f"{settings.SITE_URL}{reverse('retention:review')}\n"
        )
        enqueue(
            kind=MailKind.RETENTION_DUE,
            to=recipients(partnership),
            subject=f"{len(new)} record{'s' if len(new) != 1 else ''} due for retention review",
            body=body,
            key=f"retention.due:{partnership.pk}:{today.isoformat()}",
            partnership_id=partnership.pk,
            meta={"new": len(new), "total": len(units)},
        )
    return len(new)


def notify_due(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    return sum(notify_partnership(p, today) for p in Partnership.objects.order_by("pk"))
