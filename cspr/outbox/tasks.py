"""The outbox sender as a background task (run by django-tasks-db's ``db_worker``)."""

from __future__ import annotations

from django.tasks import task

from cspr.outbox import sender


@task(queue_name="default")
def send_outbox(today: str | None = None) -> dict[str, int]:
    """Send what is waiting in the outbox; safe to run any number of times (``today`` is unused:
    the scheduler passes it to every periodic task)."""
    return sender.send_pending()
