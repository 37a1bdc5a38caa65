from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from tests.report.helpers import TODAY


@pytest.fixture(autouse=True)
def _pinned_clock() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield
