"""The URLconf fuzz (``tests/security/fuzz.py``) over the report's pages only, with more examples
than the whole-site walk: no 500 from drawn query strings and form bodies."""

from __future__ import annotations

import pytest

from tests.security.fuzz import fuzz_urlconf
from tests.world import World


@pytest.mark.django_db
def test_report_pages_never_answer_500(world: World) -> None:
    report = fuzz_urlconf(world, 8, derandomize=True, only=lambda name: name.startswith("report:"))
    print(f"\nfuzz (report): {report.urls} URL patterns, {report.requests} requests, {len(report.findings)} findings")
    assert report.urls == 9
    assert report.findings == [], "\n".join(str(f) for f in report.findings)
