from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from tests.family.helpers import TODAY


@pytest.fixture(autouse=True)
def _pinned_clock() -> Iterator[None]:
    """Every family test runs on 1 December 2026 (contacts may not be dated in the future)."""
    with time_machine.travel(TODAY, tick=False):
        yield
