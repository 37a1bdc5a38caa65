from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits(request: pytest.FixtureRequest) -> Iterator[None]:
    # Sign-in counters and allauth's rate limits live in the cache (the database cache: a table
    # that a transactional test's flush does not empty); one test's failures must not slow the next.
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames)
    if uses_db:
        request.getfixturevalue("transactional_db" if _transactional(request) else "db")
        cache.clear()
    yield
    if uses_db:
        cache.clear()


def _transactional(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or "transactional_db" in request.fixturenames
