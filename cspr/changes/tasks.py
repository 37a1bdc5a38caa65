"""Background tasks of the changes app, enqueued by ``manage.py run_scheduler``."""

from __future__ import annotations

from django.tasks import task

from cspr.changes import fragments


@task(queue_name="default")
def drop_expired_page_parts(today: str | None = None) -> int:
    """Stored page parts hold case data: none is kept past its expiry (cspr/changes/fragments.py)."""
    return fragments.drop_expired()
