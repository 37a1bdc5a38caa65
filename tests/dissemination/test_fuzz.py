"""This app's URLs through the URLconf fuzz (tests/security/fuzz.py) alone: no 500 to drawn query
strings and forms (the whole-URLconf test covers them too; this one is quick to run)."""

from __future__ import annotations

import pytest

from tests.security.fuzz import fuzz_urlconf
from tests.world import World


@pytest.mark.django_db
def test_no_dissemination_url_answers_500_to_fuzzed_input(world: World) -> None:
    report = fuzz_urlconf(world, 3, derandomize=True, only=lambda name: name.startswith("dissemination:"))
    assert len(report.per_url) == 11
    assert report.findings == [], "\n".join(str(f) for f in report.findings)
