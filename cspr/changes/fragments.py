"""Cached page parts, stored under the change stamps they were built from (issue 15).

The dashboard's panels and the case page's sections are most of those pages' time (two dozen
queries and their templates) and change far less often than they are read. A part is stored under
a key made of everything it depends on: the user (and their role, partnership and agency), today's
date, the stamps of the cases it shows and the reference stamp (users, closure days, agencies...).
Any committed write to any of those raises a stamp (``cspr.changes.triggers``), so the next read
builds the part again: a part is never served after a change it depends on.

Why this is safe with several processes: the stamps live in the database and a key names the state
the part was built from, so no store can hold a part that disagrees with its key. Each process keeps
the parts it served in memory (``settings.CACHES["fragments"]``) in front of a store every process
shares (``"fragments-shared"``: the database table ``cspr_page_parts``, or Redis), so a part is built
once for all the web processes. The stamps are read *before* the part is built, so a write committed in between can only
make a part newer than its key, never older; the next reader's key differs anyway.

Not cached: anything built inside a transaction (its writes may still roll back, and a stamp with
them), so a page that writes first and reads after is always built afresh.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.db.models import QuerySet
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from cspr.changes.triggers import CASE_STAMPS, REFERENCE_STAMPS

CACHE = "fragments"  # this process's memory: read first
SHARED = "fragments-shared"  # every process's (the database or Redis): a part built once, not once a process
TIMEOUT = 15 * 60
# The print view of a long chronology is megabytes: built each time rather than crowding out the rest.
MAX_BYTES = 512 * 1024
# A form's token belongs to the session that built the part: stored without it, put back per request.
_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_SLOT = "\x00csrf\x00"


def reference_stamp() -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(SUM(n), 0), COUNT(*) FROM {REFERENCE_STAMPS}")
        total, rows = cursor.fetchone()
    return int(total), int(rows)


def case_stamps(cases: QuerySet[Any]) -> str:
    """A digest of every (case, stamp) pair in ``cases``: changes when any of them changes, and when
    a case joins or leaves the set (a sum of stamps could come back to an earlier value)."""
    sql, params = cases.order_by().values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c.id, COALESCE(s.n, 0) FROM ({sql}) c LEFT JOIN {CASE_STAMPS} s ON s.case_id = c.id ORDER BY c.id",
            params,
        )
        rows = cursor.fetchall()
    return hashlib.blake2b(repr(rows).encode(), digest_size=16).hexdigest()


def case_stamp(case_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT n FROM {CASE_STAMPS} WHERE case_id = %s", [case_id])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def request_key(request: Any) -> tuple[Any, ...]:
    """What every part depends on besides its stamps: who asks (and as what), on which day, with which
    query string (filters, paging), in a fixed order."""
    user = request.user
    query = sorted((k, sorted(request.GET.getlist(k))) for k in request.GET)
    return (user.pk, user.role, user.partnership_id, user.agency_id, timezone.localdate().isoformat(), query)


def cached(name: str, parts: Callable[[], Iterable[Any]], request: Any, build: Callable[[], str]) -> SafeString:
    """The part ``name`` for this request (``request_key``) and the stamps ``parts()`` reads (called
    before ``build``), built by ``build`` when not stored."""
    if connection.in_atomic_block:
        return mark_safe(build())  # noqa: S308 - built by our own templates, which escape
    key = f"{name}:" + hashlib.blake2b(repr((request_key(request), *parts())).encode(), digest_size=16).hexdigest()
    local, shared = caches[CACHE], caches[SHARED]
    html: str | None = local.get(key)
    if html is None:
        html = shared.get(key)
        if html is None:
            html = _TOKEN.sub(lambda m: m.group(1) + _SLOT + m.group(2), build())
            if len(html) > MAX_BYTES:
                return _served(html, request)
            shared.set(key, html, TIMEOUT)
        local.set(key, html, TIMEOUT)
    return _served(html, request)


def _served(html: str, request: Any) -> SafeString:
    if _SLOT in html:
        html = html.replace(_SLOT, get_token(request))
    return mark_safe(html)  # noqa: S308 - built by our own templates, which escape


def forget_all() -> None:
    """Drop every stored part of the shared table and of this process's memory (after a destruction
    of records: parts of them must not be kept). Redis is not emptied: its ``clear`` empties the whole
    database, the sign-in counters and used one-time codes with it; it expires each part itself after
    ``TIMEOUT``. Other processes' memories hold parts for at most ``TIMEOUT`` and lose them at restart."""
    shared = caches[SHARED]
    if not isinstance(shared, RedisCache):
        shared.clear()  # its own table (or memory): nothing else is in it
    caches[CACHE].clear()


def drop_expired() -> int:
    """Delete the shared store's expired parts. The database cache deletes them only when it is full,
    and a part holds case data: kept no longer than ``TIMEOUT`` (Redis expires its own)."""
    store = caches[SHARED]
    if not isinstance(store, DatabaseCache):
        return 0
    table = connection.ops.quote_name(settings.CACHES[SHARED]["LOCATION"])
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [timezone.now()])
        return int(cursor.rowcount)
