"""Background tasks of the workshops app, enqueued by ``manage.py run_scheduler``."""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from cspr.workshops.reminders import remind_worksheets


@task(queue_name="default")
def send_worksheet_reminders(today: str | None = None) -> int:
    """Remind practitioners to complete Worksheet 1 before their workshop (once each)."""
    return remind_worksheets(dt.date.fromisoformat(today) if today else None)
