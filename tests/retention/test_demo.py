"""The demo partnership's data protection contact and the legal hold on DEMO-9; loading twice adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from cspr.accounts.models import User
from cspr.retention.models import LegalHold, RetentionSettings

pytestmark = pytest.mark.django_db


def test_the_demo_contact_and_hold_are_seeded_once(demo_world: None) -> None:
    call_command("seed_demo")
    [hold] = LegalHold.objects.all()
    assert hold.case_reference == "DEMO-9"
    assert hold.reason.startswith("Demo:")
    assert RetentionSettings.objects.get(partnership=hold.partnership).data_protection_email.endswith(
        "@demo.cspr.invalid"
    )
    client = Client()
    client.force_login(User.objects.get(email="manager@demo.cspr.invalid"))
    page = client.get("/retention/holds/")
    assert page.status_code == 200
    assert "DEMO-9" in page.content.decode()
