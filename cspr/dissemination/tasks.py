"""Background tasks of embedding learning, enqueued by ``manage.py run_scheduler``."""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from cspr.dissemination.actions import remind_due_reviews


@task(queue_name="default")
def remind_progress_reviews(today: str | None = None) -> int:
    """Remind the business manager once when the CSPR group's next review of progress falls due."""
    return remind_due_reviews(dt.date.fromisoformat(today) if today else None)
