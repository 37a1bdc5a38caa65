from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from tests.actionplans.helpers import TODAY


@pytest.fixture(autouse=True)
def _pinned_clock() -> Iterator[None]:
    """Every action plan test runs on 1 December 2026 unless it travels on."""
    with time_machine.travel(TODAY, tick=False):
        yield
