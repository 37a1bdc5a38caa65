"""Folding access rows into the chain, in batches, from the worker.

Reads append access rows without taking the chain's lock, so twenty people reading at once never
wait on each other. Every few minutes the worker writes a seal: a chained row recording how many
access rows were written since the last seal, their id range and a digest of their hashes. After a
seal, removing or inserting one of those access rows breaks the chain like any other row.

A seal must never miss a row that commits after it with a lower id. On PostgreSQL the sealer takes
a SHARE lock on the table, which waits for every transaction still inserting and holds new inserts
back for the few milliseconds the seal takes; reads (SELECT) are not blocked. SQLite has a single
writer, so rows always commit in id order there.
"""

from __future__ import annotations

from django.db import connection, transaction

from cspr.audit.chain import seal_digest
from cspr.audit.log import _event, append_chained
from cspr.audit.models import AuditEvent, EventKind

BATCH = 5000
SEAL_ACTION = "audit.access_sealed"


def last_sealed_id() -> int:
    seal = AuditEvent.objects.filter(kind=EventKind.SEAL).order_by("-id").only("detail").first()
    return int(seal.detail.get("last_id", 0)) if seal is not None else 0


def _hold_back_inserts() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Give up rather than wait long (the next run retries): a reader must never queue
            # behind a seal for more than a moment.
            cursor.execute("SET LOCAL lock_timeout = '2s'")
            cursor.execute(f"LOCK TABLE {AuditEvent._meta.db_table} IN SHARE MODE")


def seal_access_rows(batch: int = BATCH) -> int:
    """Seal every access row not yet sealed; return how many were sealed."""
    sealed = 0
    while True:
        with transaction.atomic():
            _hold_back_inserts()
            rows = list(
                AuditEvent.objects.filter(kind=EventKind.ACCESS, id__gt=last_sealed_id())
                .order_by("id")
                .values_list("id", "hash")[:batch]
            )
            if not rows:
                return sealed
            seal = _event(
                kind=EventKind.SEAL,
                actor=None,
                action=SEAL_ACTION,
                detail={
                    "first_id": rows[0][0],
                    "last_id": rows[-1][0],
                    "count": len(rows),
                    "digest": seal_digest(h for _, h in rows),
                },
            )
            append_chained(seal)
        sealed += len(rows)
