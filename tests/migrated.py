"""A migrated database, kept as soon as the test database is built: for the run's other xdist
worker, and for tests that run the app in subprocesses.

``migrate`` on an empty database costs about 14 seconds of CPU (most of it Django rendering the
model states of some hundred migrations). As soon as pytest has built its test database, before any
test has written to it or flushed it, a copy is kept: on SQLite a file, through SQLite's backup API;
on PostgreSQL a database made with the test database as its template.

The first xdist worker of a run to need a database migrates it and publishes its copy in the folder
the workers share; the other starts from that copy instead of migrating again (its ``migrate`` then
finds every migration applied and only checks). A file lock orders them. Without xdist, with
``--reuse-db`` (a kept database is not rebuilt anyway) or ``--nomigrations``, every process builds
its own as pytest-django does.

``migrated_database`` gives a test a database of its own made from this worker's copy. ``migrate``
itself still runs in a subprocess in tests/foundation/test_production_shape.py (the production
shape, as CI runs it).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sqlite3
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

# The SQLite file, or the PostgreSQL template database's name, once the test database is built.
_template: list[Path | str] = []


class _Sharing:
    """This worker's part in sharing the migrated database with the run's other worker."""

    def __init__(self) -> None:
        self.lock: IO[str] | None = None
        self.published: Path | None = None  # where a worker finds the copy, if this one publishes it
        self.keeper: sqlite3.Connection | None = None  # holds a restored in-memory database open

    def release(self) -> None:
        if self.keeper is not None:
            self.keeper.close()
            self.keeper = None
        if self.lock is not None:
            fcntl.flock(self.lock, fcntl.LOCK_UN)
            self.lock.close()
            self.lock = None


_sharing = _Sharing()


def _create_from(template: str, name: str) -> None:
    from django.db import connections

    with connections["default"]._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def _drop(name: str) -> None:
    from django.db import connections

    with connections["default"]._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_from_shared_copy(
    config: pytest.Config, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> None:
    """Before pytest-django builds this worker's test database: start it from the copy another
    worker published, or take the lock and build (and later publish) it. Called from
    ``django_db_modify_db_settings``, once the worker's database names are set."""
    from django.db import connections

    keepdb = config.getvalue("reuse_db") and not config.getvalue("create_db")
    if not os.environ.get("PYTEST_XDIST_WORKER") or keepdb or config.getvalue("nomigrations"):
        return
    settings = connections["default"].settings_dict
    folder = tmp_path_factory.getbasetemp().parent  # each worker's basetemp is <run's>/gwN
    _sharing.lock = (folder / "migrated.lock").open("a")
    # Should building the database fail, the other worker need not wait for this one to end.
    request.addfinalizer(_sharing.release)
    # Held until this worker's database is built (and published): the other worker waits here
    # rather than migrating too, and a copy is not dropped while it is being cloned.
    fcntl.flock(_sharing.lock, fcntl.LOCK_EX)
    published = folder / "migrated.json"
    if not published.exists():
        _sharing.published = published
        return
    copy = json.loads(published.read_text())
    if settings["ENGINE"] == "django.db.backends.postgresql":
        settings["TEST"]["TEMPLATE"] = copy["postgresql"]
    elif settings["ENGINE"] == "django.db.backends.sqlite3" and not settings["TEST"].get("NAME"):
        # Django's in-memory test database is a shared-cache one named after the alias: restored
        # here, it lives while this connection is open, and Django's connection opens the same one.
        _sharing.keeper = sqlite3.connect("file:memorydb_default?mode=memory&cache=shared", uri=True)
        source = sqlite3.connect(copy["sqlite"])
        try:
            source.backup(_sharing.keeper)
        finally:
            source.close()


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
    published = _sharing.published
    if published is not None and _template:
        published.write_text(json.dumps({connection.vendor: str(_template[0])}))
    _sharing.release()
    yield
    if published is not None:
        # Under the lock: a worker starting late builds its own rather than clone a dropped copy.
        with published.with_name("migrated.lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            published.unlink(missing_ok=True)
            if _template and isinstance(_template[0], str):
                with django_db_blocker.unblock():
                    _drop(_template[0])
    elif _template and isinstance(_template[0], str):
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
