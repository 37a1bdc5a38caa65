"""Audit write cost: the price every action and every read pays."""

from __future__ import annotations

import statistics
import time
from typing import Any

from cspr.audit import log as audit


def run() -> dict[str, Any]:
    timings = []
    for _ in range(300):
        start = time.perf_counter()
        audit.log_access(actor=None, what="bench")  # type: ignore[arg-type]
        timings.append(time.perf_counter() - start)
    return {
        "audit_access_log_write": {"value": round(statistics.median(timings) * 1e6, 1), "unit": "µs (median of 300)"},
    }
