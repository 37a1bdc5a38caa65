"""The Worksheet 1 reminder (rule 59: Worksheet 1 is completed before the workshop).

Once per practitioner, from ``REMIND_WORKING_DAYS`` working days before the workshop until the day
before it, to practitioners who have set up their account and not yet submitted Worksheet 1. The
email gives the case reference, the date and a link: no name, no answer. Safe to run any number of
times a day (``Participant.worksheet_reminder_sent_on`` and the outbox key).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cspr.cases.transitions import ActionRefused
from cspr.deadlines.services import calendar_for_partnership
from cspr.workshops.actions import remind_worksheet
from cspr.workshops.models import Participant

REMIND_WORKING_DAYS = 3


def remind_worksheets(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    candidates = (
        Participant.objects.filter(
            user__isnull=False,
            user__is_active=True,
            worksheet_reminder_sent_on__isnull=True,
            workshop__date__gt=today,
        )
        .exclude(worksheets__number=1, worksheets__submitted_at__isnull=False)
        .select_related("workshop__case")
    )
    sent = 0
    for participant in candidates:
        calendar = calendar_for_partnership(participant.workshop.case.lead_partnership_id)
        if calendar.working_days_between(today, participant.workshop.date) > REMIND_WORKING_DAYS:
            continue
        try:
            if remind_worksheet(participant, today=today):
                sent += 1
        except ActionRefused:
            continue  # the review's report has been approved since: nothing more is asked of them
    return sent
