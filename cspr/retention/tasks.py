"""Background tasks of the retention app, enqueued by ``manage.py run_scheduler``."""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from cspr.retention.reminders import notify_due


@task(queue_name="default")
def notify_due_records(today: str | None = None) -> int:
    """Count records newly past their retention period to each partnership's data protection contact."""
    return notify_due(dt.date.fromisoformat(today) if today else None)
