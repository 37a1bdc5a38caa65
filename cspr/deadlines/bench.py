"""Benchmarks of the clock (``manage.py bench --only deadlines``).

- ``add_working_days``: median time per call over 100,000 random calls.
- every deadline of 20,000 synthetic in-memory cases recomputed (target: at most 1 s).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time
from typing import Any

from cspr.deadlines import working_days as wd
from cspr.deadlines.engine import Anchors, ClockSettings, Deadline, Responsible, compute

CALLS = 100_000
CASES = 20_000


def _add_working_days() -> dict[str, Any]:
    rng = random.Random(1)
    start = dt.date(2018, 1, 2).toordinal()
    end = dt.date(2060, 12, 31).toordinal()
    args = [(dt.date.fromordinal(rng.randint(start, end)), rng.randint(0, 400)) for _ in range(CALLS)]
    add = wd.add_working_days
    add(args[0][0], 1)  # build the table outside the timing
    timings = []
    # Time batches of 100 calls: a single call is below the clock's useful resolution.
    for i in range(0, CALLS, 100):
        batch = args[i : i + 100]
        t0 = time.perf_counter_ns()
        for day, n in batch:
            add(day, n)
        timings.append((time.perf_counter_ns() - t0) / len(batch))
    return {"value": round(statistics.median(timings) / 1000, 3), "unit": "µs per call (median, 100,000 random calls)"}


def _synthetic_cases() -> list[Anchors]:
    rng = random.Random(2)
    out = []
    for _ in range(CASES):
        aware = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
        referral = aware + dt.timedelta(days=rng.randint(0, 5))
        meeting = referral + dt.timedelta(days=rng.randint(9, 20)) if rng.random() < 0.7 else None
        decision = meeting + dt.timedelta(days=rng.randint(0, 10)) if meeting and rng.random() < 0.6 else None
        publication = decision + dt.timedelta(days=rng.randint(150, 300)) if decision and rng.random() < 0.4 else None
        out.append(
            Anchors(
                aware=aware,
                referral=referral,
                notification_sent=aware + dt.timedelta(days=rng.randint(0, 7)),
                scoping_sent=referral + dt.timedelta(days=rng.randint(0, 4)) if rng.random() < 0.8 else None,
                meeting=meeting,
                decision=decision,
                ratified=decision,
                submitted=decision,
                publication=publication,
                lcspr_commissioned=decision if decision is not None and rng.random() < 0.5 else None,
            )
        )
    return out


def _recompute() -> dict[str, Any]:
    cases = _synthetic_cases()
    settings = ClockSettings()
    calendars = [
        wd.calendar_for(frozenset()),
        wd.calendar_for(frozenset({dt.date(2025, 12, 29), dt.date(2025, 12, 30)})),
    ]
    today = dt.date(2026, 11, 25)
    cpu, wall = [], []
    for _ in range(3):
        c0, w0 = time.process_time(), time.perf_counter()
        total = 0
        for i, anchors in enumerate(cases):
            total += len(compute(anchors, settings, calendars[i % 2], today))
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    # The floor, in the same run: building as many bare Deadline objects (no date arithmetic, no states).
    floor = []
    for _ in range(3):
        c0 = time.process_time()
        for _ in range(total):
            Deadline("key", "label", None, "rule", "source", Responsible.PARTNERS, "stage")
        floor.append(time.process_time() - c0)
    # CPU time of this process: the machine is shared, and wall time then measures the neighbours.
    return {
        "value": round(min(cpu), 3),
        "unit": f"s of CPU to recompute every deadline of {CASES:,} cases ({total:,} deadlines; best of 3)",
        "wall_seconds": round(min(wall), 3),
        "floor": round(min(floor), 3),
        "floor_what": f"s of CPU to build {total:,} bare Deadline objects",
        "ratio": round(min(cpu) / min(floor), 1),
        "load_average": round(os.getloadavg()[0], 1),
        "target": 1.0,
        "within_target": min(cpu) <= 1.0,
    }


def run() -> dict[str, Any]:
    return {
        "deadlines_add_working_days": _add_working_days(),
        "deadlines_recompute_20000_cases": _recompute(),
    }
