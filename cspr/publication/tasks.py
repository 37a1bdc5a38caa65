"""Background tasks of the publication app, enqueued by ``manage.py run_scheduler``."""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from cspr.publication.reminders import remind


@task(queue_name="default")
def send_availability_reminders(today: str | None = None) -> int:
    """Remind the business manager once before a published report's year of availability ends."""
    return remind(dt.date.fromisoformat(today) if today else None)
