"""Background task of the audit log, enqueued by ``manage.py run_scheduler``."""

from __future__ import annotations

from django.tasks import task

from cspr.audit.checkpoint import write_checkpoint
from cspr.audit.seal import seal_access_rows


@task(queue_name="default")
def seal_audit_chain(today: str | None = None) -> int:
    """Fold the access rows written since the last run into the chain, then checkpoint its head
    (``today`` is unused: the scheduler passes it to every periodic task)."""
    sealed = seal_access_rows()
    write_checkpoint()
    return sealed
