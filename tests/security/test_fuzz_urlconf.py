"""Every named URL pattern, its query string and its forms fuzzed with hypothesis: no 500.

A few examples per URL here (derandomized, so CI is repeatable; under a minute); ``make attack``
runs the same walk with ``CSPR_FUZZ_EXAMPLES`` examples per URL and a random seed. See
``tests/security/fuzz.py`` for how pages, users and values are chosen.
"""

from __future__ import annotations

import os

import pytest

from tests.security.fuzz import examples_per_url, fuzz_urlconf
from tests.test_access_matrix import all_specs, named_patterns
from tests.world import World


@pytest.mark.django_db
def test_no_url_answers_500_to_fuzzed_query_strings_and_forms(world: World) -> None:
    examples = examples_per_url(2)
    report = fuzz_urlconf(world, examples, derandomize="CSPR_FUZZ_EXAMPLES" not in os.environ)
    print(
        f"\nfuzz: {report.urls} URL patterns, {report.requests} requests, {report.seconds:.1f}s, "
        f"{len(report.findings)} findings"
    )
    covered = set(report.per_url)
    assert covered == {n for n in named_patterns() if n in all_specs()}
    assert report.findings == [], "\n".join(str(f) for f in report.findings)
