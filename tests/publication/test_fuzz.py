"""The URLconf fuzz on the publication pages alone, with more examples than the whole-URLconf run."""

from __future__ import annotations

import pytest

from tests.matrix.publication import SPECS
from tests.security.fuzz import fuzz_urlconf
from tests.world import World


@pytest.mark.django_db
def test_publication_pages_never_answer_500(world: World) -> None:
    report = fuzz_urlconf(world, 15, derandomize=True, only=lambda name: name.startswith("publication:"))
    assert set(report.per_url) == set(SPECS)
    assert report.findings == [], "\n".join(str(f) for f in report.findings)


@pytest.mark.django_db
def test_publication_pages_never_answer_500_once_approved_and_planned(world: World) -> None:
    from tests.publication.helpers import approve_all, plan, ready_for_approval

    plan(world, approve_all(world, ready_for_approval(world)))
    report = fuzz_urlconf(world, 15, derandomize=True, only=lambda name: name.startswith("publication:"))
    assert report.findings == [], "\n".join(str(f) for f in report.findings)
