"""One seeded demo world for a run of demo tests, instead of ``seed_demo`` in each of them.

Seeding takes several seconds (the Rapid Review packs, the genogram, two PDF conversions through
the process's converter, tests/converter.py), and some twenty tests only read the world it makes.
A test that asks for the ``demo_world`` fixture finds it seeded inside an outer transaction; its
own ``django_db`` transaction nests inside that one, so whatever the test writes (a second
``seed_demo`` to prove idempotence, a form it posts) is rolled back at its end, as usual.
``tests/conftest.py`` runs these tests one after another, and the outer transaction is rolled back
after the last of them: a test that does not ask for the demo world never sees it.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connections, transaction
from django.test import override_settings

from tests.converter import CONVERTER

# Fixture -> the moment the world is seeded at (None: now). The tests of DEMO-7's regulation 14 record
# and DEMO-5's due dates read the world as seeded on 30 November 2026, under that pinned clock.
WORLDS: dict[str, dt.datetime | None] = {
    "demo_world": None,
    "demo_world_on_30_november_2026": dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC),
}


class SharedWorld:
    """The outer transaction, per database, and the folder the seeded files went to."""

    def __init__(self) -> None:
        self.key: str | None = None
        self.atomics: list[Any] = []
        self.blocker: Any = None
        self.folder: tempfile.TemporaryDirectory[str] | None = None

    def ensure(self, key: str, blocker: Any) -> None:
        if self.key != key:
            self.close()
            self.seed(key, blocker)

    @property
    def media(self) -> Path:
        assert self.folder is not None
        return Path(self.folder.name)

    def seed(self, key: str, blocker: Any) -> None:
        # The progress report's two conversions go through the process's long-running converter, as
        # production's do, rather than start LibreOffice for each (and again at each seeding).
        sock = CONVERTER.socket()
        self.key, self.blocker = key, blocker
        self.folder = tempfile.TemporaryDirectory(prefix="cspr_demo_world_")
        overrides = settings_for(self.media)
        if sock is not None:
            overrides["PDF_CONVERTER_SOCKET"] = str(sock)
        with blocker.unblock():
            for alias in connections:
                atomic = transaction.atomic(using=alias)
                # As Django's TestCase marks its own: a durable block inside still runs.
                atomic._from_testcase = True  # type: ignore[attr-defined]
                atomic.__enter__()
                self.atomics.append(atomic)
            moment = WORLDS[key]
            clock = time_machine.travel(moment, tick=False) if moment else _Now()
            try:
                with clock, override_settings(**overrides):
                    call_command("seed_demo", stdout=_Discard())
            except BaseException:
                # The next test seeds again rather than reading half a world.
                self.close()
                raise

    def close(self) -> None:
        if self.key is None:
            return
        self.key = None
        with self.blocker.unblock():
            for atomic in reversed(self.atomics):
                transaction.set_rollback(True, using=atomic.using)
                atomic.__exit__(None, None, None)
        self.atomics = []
        assert self.folder is not None
        self.folder.cleanup()
        self.folder = None


class _Now:
    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc: object) -> None:
        pass


class _Discard:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


def settings_for(media: Path) -> dict[str, Any]:
    """What the autouse fixtures of ``tests/conftest.py`` give each test, for the seeding that serves many."""
    from django.conf import settings

    return {
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "TASKS": {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}},
        "MEDIA_ROOT": str(media),
        "AUDIT_CHECKPOINT_DIR": media / "audit-checkpoints",
        "STORAGES": {
            **settings.STORAGES,
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(media)}},
        },
    }


SHARED = SharedWorld()


def world_of(item: pytest.Item | None) -> str | None:
    """The demo world a test asks for, if any."""
    names = getattr(item, "fixturenames", ())
    return next((key for key in WORLDS if key in names), None)


def grouped(items: list[pytest.Item]) -> list[pytest.Item]:
    """Each demo world's tests one after another, where the first of them was: one seeding serves them all."""
    for key in WORLDS:
        demo = [item for item in items if world_of(item) == key]
        if demo:
            first = items.index(demo[0])
            rest = [item for item in items if world_of(item) != key]
            items = rest[:first] + demo + rest[first:]
    return items
