"""The LCSPR demo: DEMO-6 with a draft, DEMO-7 agreed and re-approved, the demo reviewers appointed."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from cspr.accounts.models import User
from cspr.cases.models import Case, CaseMembership, Stage
from cspr.lcspr import team
from cspr.lcspr.models import Appointment, TermsStatus, TermsVersion

pytestmark = pytest.mark.django_db


def test_the_lcspr_demo_is_seeded_once_with_both_versions_and_the_team(demo_world: None) -> None:
    counts = (TermsVersion.objects.count(), Appointment.objects.count(), CaseMembership.objects.count())
    call_command("seed_demo")
    assert (TermsVersion.objects.count(), Appointment.objects.count(), CaseMembership.objects.count()) == counts
    demo6, demo7 = Case.objects.get(reference="DEMO-6"), Case.objects.get(reference="DEMO-7")
    assert list(TermsVersion.objects.filter(case=demo6).values_list("number", "status")) == [(1, TermsStatus.DRAFT)]
    assert TermsVersion.objects.get(case=demo6).kloes  # filled in from the Rapid Review
    assert list(TermsVersion.objects.filter(case=demo7).values_list("number", "status")) == [
        (1, TermsStatus.AGREED),
        (2, TermsStatus.AGREED),
    ]
    assert demo7.stage == Stage.LCSPR
    assert demo7.terms_of_reference_agreed_date is not None
    reviewer = User.objects.get(email="reviewer@demo.cspr.invalid")
    member = User.objects.get(email="team@demo.cspr.invalid")
    for case in (demo6, demo7):
        assert team.is_lead_reviewer(reviewer, case)
        assert team.on_review_team(member, case)
        represented = set(
            Appointment.objects.filter(case=case).exclude(represents="").values_list("represents", flat=True)
        )
        assert represented == {"la", "icb", "police"}
        assert Appointment.objects.get(case=case, user=reviewer).panel_notified_on is not None
    # The demo reviewer reads their reviews and no other case.
    client = Client()
    client.force_login(reviewer)
    assert client.get("/lcspr/DEMO-7/terms/versions/").status_code == 200
    assert client.get("/cases/DEMO-1/").status_code == 404
