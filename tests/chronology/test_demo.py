"""The demo seed adds fictional chronologies to DEMO-3 … DEMO-5, once."""

from __future__ import annotations

import pytest

from cspr.cases import demo as cases_demo
from cspr.cases.models import Case
from cspr.chronology import demo, integration
from cspr.chronology.models import ChronologyEntry
from cspr.organisations import demo as organisations_demo


@pytest.mark.django_db
def test_demo_seed_is_idempotent_and_skips_absent_cases() -> None:
    demo.seed()  # no demo cases yet: nothing to do, no error
    assert ChronologyEntry.objects.count() == 0
    organisations_demo.seed()
    cases_demo.seed()
    demo.seed()
    counts = {
        ref: ChronologyEntry.objects.filter(case__reference=ref).count()
        for ref in ("DEMO-1", "DEMO-3", "DEMO-4", "DEMO-5")
    }
    assert counts == {"DEMO-1": 0, "DEMO-3": 10, "DEMO-4": 10, "DEMO-5": 10}
    demo.seed()
    assert ChronologyEntry.objects.count() == 30
    case = Case.objects.get(reference="DEMO-3")
    assert len(integration.flagged_events(case)) == 3
    assert ChronologyEntry.objects.filter(case=case, possible_duplicate_of__isnull=False).count() == 1
    assert ChronologyEntry.objects.filter(case=case, uncertain=True).count() == 1
