"""A migrated database for tests that run the app in subprocesses, without running ``migrate``.

``migrate`` on an empty database costs about 22 seconds of CPU (Django renders the migration states
of some hundred migrations), and pytest's own test database has just been through exactly those
migrations. As soon as pytest has built its test database, before any test has written to it or
flushed it, a copy is kept: on SQLite a file, through SQLite's backup API; on PostgreSQL a database
made with the test database as its template. ``migrated_database`` gives a test a database of its
own made from that copy. ``migrate`` itself still runs in a subprocess in
tests/foundation/test_production_shape.py (the production shape, as CI runs it).
"""

from __future__ import annotations

import shutil
import sqlite3
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# The SQLite file, or the PostgreSQL template database's name, once the test database is built.
_template: list[Path | str] = []


def _create_from(template: str, name: str) -> None:
    from django.db import connections

    with connections["default"]._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def _drop(name: str) -> None:
    from django.db import connections

    with connections["default"]._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """pytest-django's test database, and a copy of it as migrated and not yet used."""
    from django.db import connections

    connection = connections["default"]
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            path = tmp_path_factory.mktemp("migrated") / "migrated.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(path)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            _template[:] = [path]
        elif connection.vendor == "postgresql":
            # A template must have no other session: this process's is closed and reopens when used.
            connection.close()
            template = f"{connection.settings_dict['NAME']}_migrated"
            _create_from(connection.settings_dict["NAME"], template)
            _template[:] = [template]
    yield
    if _template and isinstance(_template[0], str):
        with django_db_blocker.unblock():
            _drop(_template[0])


@pytest.fixture
def migrated_database(db: None, tmp_path: Path, django_db_blocker: Any) -> Iterator[str]:
    """The DATABASE_URL of a database of this test's own, with every migration applied and nothing
    else in it, on the same engine as the test database.

    Through ``db``, pytest-django knows that the session needs its test database (it builds none
    when no test asks for one)."""
    from django.db import connections

    assert _template, f"no migrated copy for {connections['default'].vendor}"
    template = _template[0]
    if isinstance(template, Path):
        path = tmp_path / "migrated.sqlite3"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    settings = connections["default"].settings_dict
    name = f"{template}_{tmp_path.name}"[:63]
    with django_db_blocker.unblock():
        _create_from(template, name)
    user = urllib.parse.quote(settings["USER"] or "", safe="")
    password = ":" + urllib.parse.quote(settings["PASSWORD"], safe="") if settings["PASSWORD"] else ""
    host = settings["HOST"] or "localhost"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    try:
        yield f"postgres://{user}{password}@{host}{port}/{name}"
    finally:
        with django_db_blocker.unblock():
            _drop(name)
