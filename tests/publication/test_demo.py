"""DEMO-9 in the demo world: published about four months ago, the copies sent at least 7 working days
before, the availability date and the NSPCC submission; DEMO-8 stays at report stage; and
``statutory_dates --case DEMO-9`` gives the copies' send-by date and the availability date from its
recorded dates."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cspr.cases.models import Case, Stage
from cspr.deadlines import working_days as wd
from cspr.deadlines.services import calendar_for_partnership
from cspr.publication.models import Approval, Copies, Publication

pytestmark = pytest.mark.django_db


def test_demo_9_is_published_and_statutory_dates_reads_its_recorded_dates(demo_world: None) -> None:
    demo9 = Case.objects.get(reference="DEMO-9")
    assert demo9.stage == Stage.EMBEDDING
    assert Case.objects.get(reference="DEMO-8").stage == Stage.LCSPR
    assert Approval.objects.filter(case=demo9).count() == 3
    assert demo9.report_approved_date is not None
    publication = Publication.objects.get(case=demo9)
    copies = Copies.objects.get(case=demo9)
    calendar = calendar_for_partnership(demo9.lead_partnership_id)
    assert calendar.working_days_between(copies.sent_on, publication.published_on) >= 7
    assert 100 <= (timezone.localdate() - publication.published_on).days <= 140
    assert publication.url.startswith("https://demo.cspr.invalid/")
    assert publication.available_until == wd.add_years(publication.published_on, 1)
    assert publication.nspcc_submitted_on is not None
    out = StringIO()
    call_command("statutory_dates", "--case", "DEMO-9", stdout=out)
    dates = json.loads(out.getvalue())
    print(f"\nstatutory_dates --case DEMO-9: {dates}")
    assert dates["prepublication_copies_by"] == calendar.subtract_working_days(publication.published_on, 7).isoformat()
    assert dates["publication_available_until"] == publication.available_until.isoformat()
    assert dates["prepublication_copies_sent"] == copies.sent_on.isoformat()
    call_command("seed_demo")  # idempotent
    assert Approval.objects.filter(case=demo9).count() == 3
    assert Publication.objects.count() == 1
