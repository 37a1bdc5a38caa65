"""Background tasks of the action plans app, enqueued by ``manage.py run_scheduler``."""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from cspr.actionplans.reminders import remind_actions


@task(queue_name="default")
def send_action_reminders(today: str | None = None) -> int:
    """Remind owners of actions due soon, overdue or without a recent update (once each)."""
    return remind_actions(dt.date.fromisoformat(today) if today else None)
