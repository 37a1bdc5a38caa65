"""The demo world: DEMO-9's dissemination plan (a held briefing with attendance, a planned learning
event, the 7-minute briefing) and the demo partnership's completed quarterly audit of progress
(DEMO-9's open actions, reviewed by the CSPR group, next review set); loading twice adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cspr.accounts.demo import demo_email
from cspr.accounts.models import User
from cspr.actionplans.models import Action, Status
from cspr.cases.models import Case
from cspr.dissemination.models import Activity, Attendance, Briefing, ProgressReport
from tests.dissemination.helpers import pdf_text

pytestmark = pytest.mark.django_db


def test_demo_9_shares_its_learning_and_the_partnership_has_a_completed_quarterly_audit(demo_world: None) -> None:
    counts = (Activity.objects.count(), Attendance.objects.count(), ProgressReport.objects.count())
    call_command("seed_demo")
    assert (Activity.objects.count(), Attendance.objects.count(), ProgressReport.objects.count()) == counts
    case = Case.objects.get(reference="DEMO-9")
    held, planned = Activity.objects.filter(case=case).order_by("planned_on")
    assert held.held_on is not None
    assert held.attendance.count() == 4
    assert sum(a.number for a in held.attendance.all()) == 37
    assert planned.held_on is None
    assert planned.planned_on > timezone.localdate()
    assert Briefing.objects.filter(case=case).exists()
    [report] = ProgressReport.objects.filter(partnership=case.lead_partnership)
    assert report.reviewed
    assert report.cycle_months == 3
    assert report.next_review_date == report.proposed_next_review
    assert report.next_review_date > timezone.localdate() - dt.timedelta(days=1)
    open_actions = Action.objects.filter(case__lead_partnership=case.lead_partnership, status=Status.OPEN).count()
    assert len(report.rows) == open_actions > 0
    text = pdf_text(bytes(report.pdf))
    assert "Good progress on the school's actions" in text
    assert "DEMO-9" in text
    client = Client()
    client.force_login(User.objects.get(email=demo_email("manager")))
    page = client.get(f"/dissemination/case/{case.reference}/").content.decode()
    assert "37 attended" in page
    assert "Multi-agency learning event" in page
    assert "Good progress on the school" in client.get(f"/dissemination/progress/{report.pk}/").content.decode()
