"""Audit costs: the price every read pays, reads under concurrency, and sealing them into the chain.

``audit_case_read_20_readers`` is an access-logged case read (the access helper, as every view
calls it) from 20 threads at once; its ``ratio`` is the throughput against one thread. Before
issue 10 item 7 every read took the chain's single row lock, so twenty readers queued behind one
another (figures in docs/decisions/0008-audit-chain.md).
"""

from __future__ import annotations

import contextlib
import sqlite3
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import connection

from cspr.access import get_case_for_user
from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.audit import log as audit
from cspr.audit.models import AuditEvent, EventKind
from cspr.audit.seal import last_sealed_id, seal_access_rows
from cspr.cases.models import Case
from cspr.organisations.models import Partnership, Region

READERS = 20
READS_PER_READER = 40


def read_case(user: User, reference: str) -> None:
    # The access helper writes the access row itself, as every view's fetch does.
    get_case_for_user(user, reference)


def _throughput(user: User, reference: str, readers: int, reads: int) -> float:
    errors: list[BaseException] = []
    barrier = threading.Barrier(readers + 1)

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(reads):
                read_case(user, reference)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(readers)]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise errors[0]
    return readers * reads / elapsed


@contextlib.contextmanager
def _shareable_database() -> Iterator[None]:
    """Threads need a database they can share: SQLite's in-memory test database is copied to a file
    (in WAL mode, as the application runs it) for the length of the measurement."""
    if connection.vendor != "sqlite" or "mode=memory" not in str(connection.settings_dict["NAME"]):
        yield
        return
    connection.ensure_connection()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        original = connection.settings_dict["NAME"]
        connection.settings_dict["NAME"] = str(path)
        try:
            yield
        finally:
            connection.settings_dict["NAME"] = original


def run() -> dict[str, Any]:
    region, _ = Region.objects.get_or_create(name="Bench Region")
    partnership, _ = Partnership.objects.get_or_create(
        region=region, name="Bench Partnership (audit)", short_code="BENCHAU"
    )
    user, _ = User.objects.get_or_create(
        email="bench-audit@bench.invalid",
        defaults={"full_name": "Bench", "role": Role.BUSINESS_MANAGER, "partnership": partnership},
    )
    case, _ = Case.objects.get_or_create(reference="BENCHAU-1", defaults={"lead_partnership": partnership})
    timings = []
    for _ in range(300):
        start = time.perf_counter()
        audit.log_access(actor=user, what="bench", case=case)
        timings.append(time.perf_counter() - start)
    with _shareable_database():
        single = _throughput(user, case.reference, 1, READERS * READS_PER_READER // 4)
        concurrent = _throughput(user, case.reference, READERS, READS_PER_READER)
    for _ in range(5000 - AuditEvent.objects.filter(kind=EventKind.ACCESS, id__gt=last_sealed_id()).count()):
        audit.log_access(actor=user, what="bench", case=case)
    start = time.perf_counter()
    seal_access_rows()
    seal_seconds = time.perf_counter() - start
    return {
        "audit_seal_5000_access_rows": {"value": round(seal_seconds * 1000, 1), "unit": "ms (one worker run)"},
        "audit_access_log_write": {"value": round(statistics.median(timings) * 1e6, 1), "unit": "µs (median of 300)"},
        "audit_case_read_1_reader": {"value": round(single, 1), "unit": "access-logged case reads/s, 1 thread"},
        "audit_case_read_20_readers": {
            "value": round(concurrent, 1),
            "unit": f"access-logged case reads/s, {READERS} threads × {READS_PER_READER}, {connection.vendor}",
            "ratio": round(concurrent / single, 2),
        },
    }
