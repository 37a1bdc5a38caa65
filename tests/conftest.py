from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser.harness import browser, page  # noqa: F401 - fixtures
from tests.mail import smtp_server  # noqa: F401 - fixture
from tests.migrated import django_db_setup, migrated_database  # noqa: F401 - fixtures
from tests.ordering import long_first_in_each_half
from tests.world import World, build_world

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses that unless told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The long tests lead both workers' halves (``tests/ordering.py``); the order is the same in
    every process, as xdist requires."""
    items[:] = long_first_in_each_half(items)
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        # Tests marked own_sqlite never touch DATABASE_URL's database: the SQLite run of make test
        # already ran them, byte for byte (their reason is on the marker, in pyproject.toml).
        repeats = [item for item in items if item.get_closest_marker("own_sqlite")]
        if repeats:
            config.hook.pytest_deselected(items=repeats)
            items[:] = [item for item in items if not item.get_closest_marker("own_sqlite")]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """On PostgreSQL, tests' commits do not wait for the log to reach the disk: a crash of the test
    server loses nothing a test needs, and the browser tests commit on every request."""
    from django.db import connections

    for alias in connections:
        settings_dict = connections[alias].settings_dict
        if settings_dict["ENGINE"] == "django.db.backends.postgresql":
            settings_dict.setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Scrypt is deliberately slow; tests create many users and do not test the hash's strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_when_enqueued(settings: Any) -> None:
    """Background tasks run as they are enqueued (Django's immediate backend), so the email an action
    queues is sent when its transaction commits, as the worker would a moment later. The real
    ``db_worker`` is tested in tests/deadlines/test_worker_restart.py and test_reminders.py."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _isolated_files(settings: Any, tmp_path: Path) -> None:
    """Uploaded and generated files go to a per-test folder, never var/files."""
    settings.MEDIA_ROOT = str(tmp_path)
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
