from __future__ import annotations

import os

import pytest

from tests.browser.harness import browser, page  # noqa: F401 - fixtures
from tests.mail import smtp_server  # noqa: F401 - fixture
from tests.world import World, build_world

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses that unless told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def world(db: None) -> World:
    return build_world()
