"""Background tasks (Django's task framework, run by django-tasks-db's ``db_worker``)."""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from cspr.deadlines import reminders


@task(queue_name="default")
def sweep_deadlines(today: str | None = None) -> dict[str, int]:
    """Plan today's reminders and send what is waiting; safe to run any number of times."""
    return reminders.sweep(dt.date.fromisoformat(today) if today else None)
