"""The data migration that gives ratified decision (b) cases their LCSPR milestone and re-derives
every headline stage (cspr/cases/migrations/0004).

Its function runs here on the current models: migrating the whole project back to cases 0003 and
forward again (every later app depends on 0004) took 45 s of each CI run, and the chain itself is
applied by every test database's creation."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps

from cspr.cases.models import Case
from cspr.organisations.models import Partnership, Region
from cspr.rapidreview.models import RapidReviewRecord

migration = importlib.import_module("cspr.cases.migrations.0004_lcspr_commissioned_from_ratified_decisions")


@pytest.mark.django_db
def test_ratified_lcspr_decisions_get_their_milestone_and_stages_follow_the_milestones() -> None:
    partnership = Partnership.objects.create(
        region=Region.objects.create(name="Test Region"), name="Test Partnership", short_code="MIG"
    )
    ratified = dt.date(2026, 11, 16)
    lcspr = Case.objects.create(
        reference="MIG-1",
        lead_partnership=partnership,
        stage="submitted",
        decision_date=ratified,
        ratified_date=ratified,
    )
    other = Case.objects.create(
        reference="MIG-2",
        lead_partnership=partnership,
        stage="ratification",
        decision_date=ratified,
        ratified_date=ratified,
    )
    sent = Case.objects.create(
        reference="MIG-3", lead_partnership=partnership, stage="referral", scoping_sent_date=ratified
    )
    RapidReviewRecord.objects.create(case=lcspr, decision=["b", "d"])
    RapidReviewRecord.objects.create(case=other, decision=["c"])

    migration.forwards(apps, None)

    assert Case.objects.get(pk=lcspr.pk).lcspr_commissioned_date == ratified
    assert Case.objects.get(pk=other.pk).lcspr_commissioned_date is None
    # The portal's old send page left this one at "New referral" with its requests sent.
    assert Case.objects.get(pk=sent.pk).stage == "scoping"
    assert Case.objects.get(pk=lcspr.pk).stage == "ratification"  # no submission date was recorded
