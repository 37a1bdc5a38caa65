"""Every named URL pattern, its query string and its forms fuzzed with hypothesis: no 500.

A few examples per URL here (derandomized, so CI is repeatable; under a minute); ``make attack``
runs the same walk with ``CSPR_FUZZ_EXAMPLES`` examples per URL and a random seed. See
``tests/security/fuzz.py`` for how pages, users and values are chosen.
"""

from __future__ import annotations

import os
import re

import pytest
from django.conf import settings

from tests.security.fuzz import examples_per_url, fuzz_urlconf
from tests.test_access_matrix import all_specs, named_patterns
from tests.world import World

EXAMPLES = 2

# Apps whose own test runs these pages through the same walk (``fuzz_urlconf``: same users, paths and
# strategies, derandomized) with at least as many examples per URL: in the normal suite this walk
# leaves their pages to them rather than fuzz them twice. ``make attack`` still walks every page.
FUZZED_BY_THEIR_APP = {
    "publication:": "tests/publication/test_fuzz.py",
    "dissemination:": "tests/dissemination/test_fuzz.py",
    "actionplans:": "tests/actionplans/test_fuzz.py",
    "learning:": "tests/learning/test_fuzz.py",
    "library:": "tests/learning/test_fuzz.py",
    "report:": "tests/report/test_fuzz.py",
}


def _fuzzed_by_their_app(prefix: str, path: str) -> bool:
    """The app's test calls ``fuzz_urlconf`` on the prefix with no fewer examples than this walk."""
    source = (settings.BASE_DIR / path).read_text(encoding="utf-8")
    counts = [int(n) for n in re.findall(r"fuzz_urlconf\(world, (\d+),", source)]
    return f'"{prefix}' in source and bool(counts) and min(counts) >= EXAMPLES


@pytest.mark.django_db
def test_no_url_answers_500_to_fuzzed_query_strings_and_forms(world: World) -> None:
    attack = "CSPR_FUZZ_EXAMPLES" in os.environ
    left = () if attack else tuple(FUZZED_BY_THEIR_APP)
    assert [p for p, path in FUZZED_BY_THEIR_APP.items() if not _fuzzed_by_their_app(p, path)] == []
    report = fuzz_urlconf(
        world, examples_per_url(EXAMPLES), derandomize=not attack, only=lambda name: not name.startswith(left)
    )
    print(
        f"\nfuzz: {report.urls} URL patterns, {report.requests} requests, {report.seconds:.1f}s, "
        f"{len(report.findings)} findings"
    )
    covered = set(report.per_url)
    assert covered == {n for n in named_patterns() if n in all_specs() and not n.startswith(left)}
    assert report.findings == [], "\n".join(str(f) for f in report.findings)
