"""The availability reminder (rule 69): a published report stays available for at least a year.

Once per publication, from ``actions.REMIND_WORKING_DAYS`` working days before the year ends, to the
lead partnership's business managers: the case reference and the date only. Safe to run any number of
times a day (``Publication.availability_reminder_sent_on`` and the outbox key).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cspr.cases.transitions import ActionRefused
from cspr.publication.actions import remind_availability
from cspr.publication.models import Publication


def remind(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=45)  # wider than 20 working days; the action decides exactly
    due = Publication.objects.filter(
        availability_reminder_sent_on__isnull=True,
        archived_on__isnull=True,
        available_until__gt=today,
        available_until__lte=horizon,
    ).order_by("pk")
    sent = 0
    for publication in due:
        try:
            if remind_availability(publication, today=today):
                sent += 1
        except ActionRefused:
            continue  # the case was closed since
    return sent
