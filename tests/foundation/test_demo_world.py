"""The demo world: 14 partnerships, fictional people, idempotent loading."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from cspr.accounts.models import User
from cspr.cases.models import Case, Person
from cspr.organisations.models import Agency, Partnership, StatutoryPartner


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_fictional(demo_world: None) -> None:
    counts = (
        Partnership.objects.count(),
        Agency.objects.count(),
        User.objects.count(),
        Case.objects.count(),
        Person.objects.count(),
    )
    call_command("seed_demo")
    assert (
        Partnership.objects.count(),
        Agency.objects.count(),
        User.objects.count(),
        Case.objects.count(),
        Person.objects.count(),
    ) == counts
    assert Partnership.objects.count() == 14
    assert StatutoryPartner.objects.count() == 14 * 3
    assert set(Case.objects.filter(is_demo=True).values_list("reference", flat=True)) >= {
        "DEMO-1",
        "DEMO-2",
        "DEMO-3",
        "DEMO-4",
        "DEMO-5",
    }
    # Obviously fictional: every demo email is on a reserved .invalid domain, every surname says so.
    assert all(email.endswith(".invalid") for email in User.objects.values_list("email", flat=True))
    assert all("Demo" in p.first_name or "Demo" in p.last_name for p in Person.objects.all())
