"""A migrated SQLite file for tests that run the app in subprocesses, without running ``migrate``.

``migrate`` on a fresh file costs about 22 seconds of CPU (Django renders the migration states of
some hundred migrations), and pytest's own test database has just been through exactly those
migrations. On SQLite, as soon as pytest has built its test database (before any test has written
to it or flushed it), a copy is taken with SQLite's backup API; ``migrated_sqlite`` gives a test its
own copy of that file. ``migrate`` itself still runs in a subprocess in
tests/foundation/test_production_shape.py (the production shape, as CI runs it).
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_template: list[Path] = []


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """pytest-django's test database, and on SQLite a copy of it as migrated and not yet used."""
    from django.db import connections

    connection = connections["default"]
    if connection.vendor != "sqlite":
        return
    path = tmp_path_factory.mktemp("migrated") / "migrated.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    _template[:] = [path]


@pytest.fixture
def migrated_sqlite(db: None, tmp_path: Path) -> Iterator[Path | None]:
    """A SQLite file of this test's own with every migration applied and nothing else in it; None
    when the test database is not SQLite (then the test migrates a database of its own).

    Through ``db``, pytest-django knows that the session needs its test database (it builds none
    when no test asks for one)."""
    if not _template:
        yield None
        return
    path = tmp_path / "migrated.sqlite3"
    shutil.copyfile(_template[0], path)
    yield path
