"""In-process figures on the national data set, one cause of issue 15 each (``manage.py bench_scale --in-process-only``).

Each page is fetched through Django's test client as a load-test user (all middleware, sessions and
the database; no HTTP): median time, queries and bytes; the floor page is measured the same way so
the ratios hold on a busy machine. Also: ``cases_for_user`` and its query plan, the recompute of every
deadline of the national table, the chasing sweep's queries and the cost of one access-log write.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cspr.accounts.models import User
from cspr.cases.models import Case

ROUNDS = 5


def _median(fn: Callable[[], Any], rounds: int = ROUNDS) -> float:
    fn()  # warm
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _forget_parts() -> None:
    from django.core.cache import caches

    from cspr.changes import fragments

    caches[fragments.CACHE].clear()
    caches[fragments.SHARED].clear()


def _page(client: Client, url: str) -> dict[str, Any]:
    """``ms``: as served (its stored parts, if any, from this process's memory); ``built_ms``: the first
    view after a change, every part built again (decision 0040)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        body = b"".join(client.get(url))
    # Counted now: the next request clears the connection's query log (reset_queries).
    count = len(queries)
    seconds = _median(lambda: b"".join(client.get(url)))

    _forget_parts()
    with CaptureQueriesContext(connection) as queries:
        b"".join(client.get(url))
    built_count = len(queries)
    builds = []
    for _ in range(ROUNDS):
        _forget_parts()  # not timed
        t0 = time.perf_counter()
        b"".join(client.get(url))
        builds.append(time.perf_counter() - t0)
    return {
        "ms": round(seconds * 1000, 1),
        "queries": count,
        "kb": round(len(body) / 1024, 1),
        "built_ms": round(statistics.median(builds) * 1000, 1),
        "built_queries": built_count,
    }


def _keep_connection() -> None:
    """Outside a test run the client closes the connection after each request (and with it the
    query log): keep it, so queries can be counted and the connection set-up is not timed."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)


def pages(user_email: str = "load01@scale.cspr.invalid") -> dict[str, Any]:
    _keep_connection()
    user = User.objects.get(email=user_email)
    client = Client()
    client.force_login(user)
    big = Case.objects.get(reference="SCALE-BENCH-1")
    huge = Case.objects.get(reference="SCALE-BENCH-2")
    request = big.information_requests.order_by("pk").first()
    urls = {
        "floor": "/accessibility",
        "dashboard": "/",
        "case_list": "/cases/",
        "case_page": f"/cases/{big.reference}/",
        "chronology_2000": f"/chronology/{big.reference}/",
        "chronology_10000": f"/chronology/{huge.reference}/",
    }
    if request is not None:
        urls["agency_request"] = f"/portal/case/{big.reference}/requests/{request.pk}/"
    from django.urls import reverse

    urls["floor"] = reverse("ui:accessibility")
    out = {name: _page(client, url) for name, url in urls.items()}
    floor = out["floor"]["ms"]
    for row in out.values():
        row["ratio_to_floor"] = round(row["ms"] / floor, 1) if floor else None
        row["built_ratio_to_floor"] = round(row["built_ms"] / floor, 1) if floor else None
    # Issue 15: the chronology at 10,000 entries against 2,000, as served and as built.
    for key in ("ms", "built_ms"):
        out[f"chronology_10000_over_2000_{key}"] = round(out["chronology_10000"][key] / out["chronology_2000"][key], 2)
    return out


def cases_for_user_figures(user_email: str = "load01@scale.cspr.invalid") -> dict[str, Any]:
    from cspr.access import cases_for_user

    user = User.objects.get(email=user_email)
    qs = cases_for_user(user)
    seconds = _median(lambda: list(qs.all()))
    plan = qs.explain(analyze=True) if connection.vendor == "postgresql" else ""
    return {"ms": round(seconds * 1000, 2), "rows": qs.count(), "plan": plan.splitlines()}


def deadline_recompute() -> dict[str, Any]:
    """Every deadline of every case in the national table, from the database rows (best of 3, CPU),
    and of the open cases only (what the reminder sweep and the dashboards compute)."""
    from cspr.deadlines.services import recompute_all

    out: dict[str, Any] = {}
    for name, cases in (
        ("all", Case.objects.all()),
        ("open", Case.objects.filter(action_plan_closed_date__isnull=True)),
    ):
        cpu, wall, n = [], [], 0
        for _ in range(3):
            c0, w0 = time.process_time(), time.perf_counter()
            n = len(recompute_all(cases, dt.date(2026, 11, 25)))
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
        out[name] = {"cases": n, "cpu_s": round(min(cpu), 3), "wall_s": round(min(wall), 3)}
    return out


def chase_sweep() -> dict[str, Any]:
    """The chasing sweep's queries and time, rolled back (nothing is queued for real)."""
    from cspr.portal.chasing import chase_requests

    class _Rollback(Exception):
        pass

    out: dict[str, Any] = {}
    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            out["queued"] = chase_requests(dt.date(2026, 11, 25))
            out["s"] = round(time.perf_counter() - t0, 3)
            out["queries"] = len(queries)
            out["closure_day_queries"] = sum(1 for q in queries if "organisations_closureday" in q["sql"])
            raise _Rollback
    except _Rollback:
        pass
    return out


def access_write() -> dict[str, Any]:
    from cspr.audit.log import log_case_read

    user = User.objects.get(email="load01@scale.cspr.invalid")
    case = Case.objects.get(reference="SCALE-BENCH-3")
    seconds = _median(lambda: log_case_read(actor=user, case=case), 20)
    with CaptureQueriesContext(connection) as queries:
        log_case_read(actor=user, case=case)
    return {
        "ms": round(seconds * 1000, 2),
        "queries": len(queries),
        "locks": sum("FOR UPDATE" in q["sql"] for q in queries),
    }
