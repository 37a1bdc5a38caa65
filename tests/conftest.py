from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests import demo_world as shared_demo
from tests.browser.harness import browser, page  # noqa: F401 - fixtures
from tests.mail import smtp_server  # noqa: F401 - fixture
from tests.migrated import django_db_setup, migrated_database, start_from_shared_copy  # noqa: F401 - fixtures
from tests.ordering import long_first_in_each_half
from tests.world import World, build_world

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses that unless told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The long tests lead both workers' halves (``tests/ordering.py``); the order is the same in
    every process, as xdist requires."""
    for item in items:
        # Journeys in Chromium are whole journeys too (the page fixture is built on browser).
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.end_to_end)
    items[:] = shared_demo.grouped(long_first_in_each_half(items))
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        # Tests marked own_sqlite never touch DATABASE_URL's database: the SQLite run of make test
        # already ran them, byte for byte (their reason is on the marker, in pyproject.toml).
        repeats = [item for item in items if item.get_closest_marker("own_sqlite")]
        if repeats:
            config.hook.pytest_deselected(items=repeats)
            items[:] = [item for item in items if not item.get_closest_marker("own_sqlite")]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """On PostgreSQL, tests' commits do not wait for the log to reach the disk: a crash of the test
    server loses nothing a test needs, and the browser tests commit on every request. An xdist
    worker starts from the migrated database another worker published, if there is one
    (tests/migrated.py)."""
    from django.db import connections

    for alias in connections:
        settings_dict = connections[alias].settings_dict
        if settings_dict["ENGINE"] == "django.db.backends.postgresql":
            settings_dict.setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
    start_from_shared_copy(request.config, tmp_path_factory, request)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


# The demo worlds of tests/demo_world.py. Module scope, so that the seeding is done before the test's
# own transaction opens; the world outlives the module until its last test (pytest_runtest_teardown).
@pytest.fixture(scope="module")
def _demo_world_seeded(django_db_setup: None, django_db_blocker: Any) -> None:  # noqa: F811 - a fixture
    shared_demo.SHARED.ensure("demo_world", django_db_blocker)


@pytest.fixture(scope="module")
def _demo_world_on_30_november_2026_seeded(django_db_setup: None, django_db_blocker: Any) -> None:  # noqa: F811 - a fixture
    shared_demo.SHARED.ensure("demo_world_on_30_november_2026", django_db_blocker)


@pytest.fixture
def demo_world(_demo_world_seeded: None, db: None) -> None:
    """The demo world, seeded once (now) for a run of tests."""
    assert shared_demo.SHARED.key == "demo_world", "a demo world's tests run one after another (tests/conftest.py)"


@pytest.fixture
def demo_world_on_30_november_2026(_demo_world_on_30_november_2026_seeded: None, db: None) -> None:
    """The demo world as seeded at 10:00 on 30 November 2026, once for a run of tests."""
    key = "demo_world_on_30_november_2026"
    assert shared_demo.SHARED.key == key, "a demo world's tests run one after another (tests/conftest.py)"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    result = yield  # the test's own transaction is rolled back first
    if shared_demo.world_of(nextitem) != shared_demo.SHARED.key:
        shared_demo.SHARED.close()
    return result


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Scrypt is deliberately slow; tests create many users and do not test the hash's strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_page_parts_from_earlier_tests(settings: Any) -> None:
    """Emptying the tables between tests starts the change stamps again from nothing, so a page part
    stored by an earlier test could match a key of this one (production never empties its tables).
    Each test has its own stores: the shared one in memory, as emptying its table would need the
    database before the test's own transaction."""
    import uuid

    from cspr.changes import fragments

    locmem = "django.core.cache.backends.locmem.LocMemCache"
    settings.CACHES = {
        **settings.CACHES,
        fragments.CACHE: {"BACKEND": locmem, "LOCATION": f"parts-{uuid.uuid4()}"},
        fragments.SHARED: {"BACKEND": locmem, "LOCATION": f"shared-parts-{uuid.uuid4()}"},
    }


@pytest.fixture(autouse=True)
def _tasks_run_when_enqueued(settings: Any) -> None:
    """Background tasks run as they are enqueued (Django's immediate backend), so the email an action
    queues is sent when its transaction commits, as the worker would a moment later. The real
    ``db_worker`` is tested in tests/deadlines/test_worker_restart.py and test_reminders.py."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _isolated_files(settings: Any, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """Uploaded and generated files go to a per-test folder, never var/files; a demo world's test
    reads the files its seeding wrote (in the shared world's folder)."""
    folder = shared_demo.SHARED.media if shared_demo.world_of(request.node) else tmp_path
    settings.MEDIA_ROOT = str(folder)
    settings.AUDIT_CHECKPOINT_DIR = folder / "audit-checkpoints"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(folder)}},
    }
