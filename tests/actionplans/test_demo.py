"""DEMO-9's action plan: actions owned by the demo agencies in every RAG state, one overdue, one
closed with evidence (a file returned through the portal); Document 20 carries every action; loading
twice adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cspr.accounts.models import User
from cspr.actionplans.models import Action, Rag, Status
from cspr.cases.models import Case
from cspr.documents import catalogue, engine
from cspr.portal.models import Upload
from tests.documents.helpers import docx_text

pytestmark = pytest.mark.django_db


def test_demo_9_carries_an_action_plan_in_every_rag_state(demo_world: None) -> None:
    count = Action.objects.count()
    call_command("seed_demo")
    assert Action.objects.count() == count
    case = Case.objects.get(reference="DEMO-9")
    plan = list(Action.objects.filter(case=case).select_related("agency"))
    assert len(plan) == 5
    assert {a.rag for a in plan} == {Rag.PENDING, Rag.RED, Rag.AMBER, Rag.GREEN}
    assert all(a.agency is not None for a in plan)
    assert len([a for a in plan if a.is_overdue()]) == 1
    [closed] = [a for a in plan if a.status == Status.CLOSED]
    assert closed.evidence_of_impact
    assert closed.closure_accepted_by
    [update] = closed.updates.all()
    assert Upload.objects.filter(request_id=update.request_id).count() == 1
    assert case.action_plan_closed_date is None  # open actions remain

    text = docx_text(engine.render_checked(catalogue.get("ACTION_PLAN"), case).data)
    for action in plan:
        assert action.agreed_action in text
    assert "demo-voice-of-the-child-audit.docx" in text

    client = Client()
    client.force_login(User.objects.get(email="manager@demo.cspr.invalid"))
    page = client.get(reverse("actionplans:action", args=["DEMO-9", closed.number])).content.decode()
    assert "demo-voice-of-the-child-audit.docx" in page
    dashboard = client.get(reverse("ui:dashboard")).content.decode()
    assert "Actions overdue or rated red" in dashboard
