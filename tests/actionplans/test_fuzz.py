"""No action plan URL answers 500 to fuzzed input (this app's access is in tests/test_access_matrix.py:
``-k actionplans`` runs its slice)."""

from __future__ import annotations

import pytest

from tests.matrix.actionplans import SPECS
from tests.world import World


@pytest.mark.django_db
def test_no_action_plan_url_answers_500_to_fuzzed_query_strings_and_forms(world: World) -> None:
    from tests.security.fuzz import fuzz_urlconf

    report = fuzz_urlconf(world, 8, derandomize=True, only=lambda name: name.startswith("actionplans:"))
    assert report.urls == len(SPECS)
    assert report.findings == [], "\n".join(str(f) for f in report.findings)
