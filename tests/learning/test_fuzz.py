"""The URLconf fuzz (``tests/security/fuzz.py``) on the learning and library pages alone: no 500."""

from __future__ import annotations

import pytest

from tests.security.fuzz import fuzz_urlconf
from tests.world import World


@pytest.mark.django_db
def test_learning_and_library_pages_answer_no_500_to_fuzzed_input(world: World) -> None:
    report = fuzz_urlconf(world, 4, derandomize=True, only=lambda name: name.startswith(("learning:", "library:")))
    assert report.urls == 17
    assert report.findings == [], "\n".join(str(f) for f in report.findings)
