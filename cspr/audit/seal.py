"""Folding access rows into the chain, in batches, from the worker.

Reads append access rows without taking the chain's lock, so twenty people reading at once never
wait on each other. Every few minutes the worker writes a seal: a chained row recording how many
access rows were written since the last seal, their id range and a digest of their hashes. After a
seal, removing or inserting one of those access rows breaks the chain like any other row.

A seal must never miss a row that commits after it with a lower id. On PostgreSQL the sealer takes
the chain's head, then a SHARE lock on the table, which waits for every transaction still inserting
and holds new inserts back for the few milliseconds the seal takes; reads (SELECT) are not
blocked. The sealer waits at most half a second for either lock, less than PostgreSQL's deadlock
timeout, so if a request ever holds one and wants the other it is the sealer that gives way (the
next run seals what this one left). SQLite has a single writer, so rows commit in id order there.
"""

from __future__ import annotations

import logging

from django.db import OperationalError, connection, transaction

from cspr.audit.chain import GENESIS, seal_digest
from cspr.audit.log import _event, append_chained
from cspr.audit.models import AuditEvent, ChainHead, EventKind

logger = logging.getLogger(__name__)

BATCH = 5000
SEAL_ACTION = "audit.access_sealed"


def last_sealed_id() -> int:
    seal = AuditEvent.objects.filter(kind=EventKind.SEAL).order_by("-id").only("detail").first()
    return int(seal.detail.get("last_id", 0)) if seal is not None else 0


def _lock_chain_and_hold_back_inserts() -> None:
    postgres = connection.vendor == "postgresql"
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '500ms'")
    ChainHead.objects.select_for_update().get_or_create(pk=1, defaults={"last_hash": GENESIS})
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE audit_auditevent IN SHARE MODE")


def _lock_not_available(error: OperationalError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) == "55P03"


def seal_access_rows(batch: int = BATCH) -> int:
    """Seal every access row not yet sealed; return how many were sealed."""
    sealed = 0
    while True:
        try:
            done = _seal_batch(batch)
        except OperationalError as error:
            if not _lock_not_available(error):
                raise
            logger.warning("Audit seal gave way to a busy chain; the next run continues.")
            return sealed
        if done == 0:
            return sealed
        sealed += done


def _seal_batch(batch: int) -> int:
    """One seal of up to ``batch`` access rows, in its own transaction; how many it sealed."""
    with transaction.atomic():
        _lock_chain_and_hold_back_inserts()
        rows = list(
            AuditEvent.objects.filter(kind=EventKind.ACCESS, id__gt=last_sealed_id())
            .order_by("id")
            .values_list("id", "hash")[:batch]
        )
        if not rows:
            return 0
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
    return len(rows)
