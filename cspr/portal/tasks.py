"""Background tasks of the portal, enqueued by ``manage.py run_scheduler``."""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from cspr.portal.chasing import chase_requests


@task(queue_name="default")
def chase_agency_requests(today: str | None = None) -> int:
    """Send today's reminders for agency requests (once per request, kind and day)."""
    return chase_requests(dt.date.fromisoformat(today) if today else None)
