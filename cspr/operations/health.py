"""``/healthz`` (the process answers; touches nothing) and ``/readyz`` (it can serve: the database,
its migrations, the shared cache, the document store and the task queue all answer).

Both are public and say only "ok" or the name of what failed: no versions, hosts, counts or errors.
They are exempt from the second-factor middleware and from the HTTPS redirect (a load balancer
probes over plain HTTP inside the network). Decision 0031.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("cspr.operations.health")

# Once every migration is applied it stays applied for the life of the process: asked once.
_migrated = False


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _migrations() -> None:
    global _migrated
    if _migrated:
        return
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RuntimeError("unapplied migrations")
    _migrated = True


def _cache() -> None:
    key = f"cspr:readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", 30)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not keep a value")
    cache.delete(key)


def _store() -> None:
    name = default_storage.save(f"readyz/{uuid.uuid4().hex}.txt", ContentFile(b"ready"))
    try:
        with default_storage.open(name, "rb") as handle:
            if handle.read() != b"ready":
                raise RuntimeError("store gave back other bytes")
    finally:
        default_storage.delete(name)


def _task_queue() -> None:
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.only("pk").order_by().first()


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database,
    "migrations": _migrations,
    "cache": _cache,
    "document_store": _store,
    "task_queue": _task_queue,
}


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_safe
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            check()
        except Exception:
            # The reason goes to the log (ids only, no data), never to the unauthenticated caller.
            logger.exception("readiness check %s failed", name)
            results[name] = "failed"
            if name == "database":
                # Nothing after it can answer without a database.
                results.update({later: "not checked" for later in CHECKS if later not in results})
                break
        else:
            results[name] = "ok"
            logger.debug("readiness check %s ok in %.1f ms", name, (time.monotonic() - started) * 1000)
    ready = all(value == "ok" for value in results.values())
    return JsonResponse({"status": "ready" if ready else "not ready", "checks": results}, status=200 if ready else 503)
