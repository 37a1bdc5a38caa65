"""The SIN reference (case) and the Panel chair's name (partnership) are entered on their pages and
reach Documents 4 and 5 (issue 11)."""

from __future__ import annotations

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.documents import engine
from cspr.organisations.forms import PartnershipSettingsForm
from tests.documents.helpers import docx_text
from tests.world import World

pytestmark = pytest.mark.django_db


def test_sin_reference_is_entered_with_the_case_dates_and_printed_on_documents_4_and_5(world: World) -> None:
    case = world.cases["own"]
    client = Client()
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    url = reverse("cases:dates", kwargs={"reference": case.reference})
    assert "National Panel notification (SIN) reference" in client.get(url).content.decode()
    data = {"version": str(case.version), "sin_reference": "SIN-FORM-2207"}
    for name in ("incident_date", "aware_date", "notification_sent_date", "referral_received_date"):
        value = getattr(case, name)
        if value is not None:
            data |= {f"{name}-day": str(value.day), f"{name}-month": str(value.month), f"{name}-year": str(value.year)}
    assert client.post(url, data).status_code == 302
    case.refresh_from_db()
    assert case.sin_reference == "SIN-FORM-2207"
    for document_id in ("RAPID_REVIEW_TEMPLATE", "RAPID_REVIEW_SUBMISSION_LETTER"):
        text = docx_text(engine.render(document_id, case, "docx"))
        assert "National Panel notification (SIN) reference: SIN-FORM-2207" in text, document_id
        assert case.reference in text


def test_panel_chair_name_is_a_partnership_setting_used_in_document_5(world: World) -> None:
    client = Client()
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    url = reverse("organisations:edit")
    assert "Name of the current Chair of the National Panel" in client.get(url).content.decode()
    partnership = world.home
    fields = PartnershipSettingsForm.Meta.fields
    data = {k: v for k, v in model_to_dict(partnership, fields=fields).items() if v is not None}
    data |= {"version": str(partnership.version), "panel_chair_name": "Dame Fictional Chair"}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    partnership.refresh_from_db()
    assert partnership.panel_chair_name == "Dame Fictional Chair"
    letter = docx_text(engine.render("RAPID_REVIEW_SUBMISSION_LETTER", world.cases["own"], "docx"))
    assert "Dear Dame Fictional Chair," in letter
