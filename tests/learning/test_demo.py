"""The demo world: DEMO-8 and DEMO-9's learning, DEMO-9's recommendations endorsed by all three
partners, DEMO-8's last one waiting for the police; the library's demo entries and the thematic review
linking DEMO-7 and DEMO-8; loading twice adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from cspr.accounts.models import User
from cspr.cases.models import Case
from cspr.learning import queries
from cspr.learning.models import Endorsement, LearningPoint, Recommendation
from cspr.library.models import LibraryReference, ThematicReview

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        LearningPoint.objects.count(),
        Recommendation.objects.count(),
        Endorsement.objects.count(),
        LibraryReference.objects.count(),
        ThematicReview.objects.count(),
    )


def test_demo_learning_and_library_are_seeded_once(demo_world: None) -> None:
    rows = _counts()
    call_command("seed_demo")
    assert _counts() == rows
    demo8, demo9 = Case.objects.get(reference="DEMO-8"), Case.objects.get(reference="DEMO-9")
    assert LearningPoint.objects.filter(case=demo8).count() == 3
    assert LearningPoint.objects.filter(case=demo9).count() == 4
    assert Recommendation.objects.filter(case=demo8).count() == 3
    assert Recommendation.objects.filter(case=demo9).count() == 3
    assert queries.endorsed_recommendations(demo9).count() == 3
    assert queries.endorsed_recommendations(demo8).count() == 2
    waiting = [queries.awaiting(r) for r in queries.recommendations(demo8)]
    assert waiting == [[], [], ["Police"]]
    assert queries.national_recommendations(demo9).count() == 1
    # Each partner's own lead endorsed for that partner, never on its behalf.
    rows_ = Endorsement.objects.filter(recommendation__case=demo9).select_related("recorded_by__statutory_partner")
    assert all(e.recorded_by.statutory_partner.kind == e.partner and not e.on_behalf for e in rows_)  # type: ignore[union-attr]
    assert all(p.themes.exists() for p in LearningPoint.objects.filter(case=demo9))
    thematic = ThematicReview.objects.get()
    assert {c.reference for c in thematic.cases.all()} == {"DEMO-7", "DEMO-8"}
    assert LibraryReference.objects.filter(case=demo8, considered_on__isnull=False).exists()
    client = Client()
    client.force_login(User.objects.get(email="police.lead@demo.cspr.invalid"))
    page = client.get("/learning/DEMO-8/").content.decode()
    assert "Still to endorse: Police" in page
    assert "Endorse for your partner" in page
    assert client.get("/library/case/DEMO-8/").status_code == 200
