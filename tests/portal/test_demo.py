from __future__ import annotations

import pytest
from django.core.management import call_command

from cspr.portal.models import InformationRequest, RequestState


@pytest.mark.django_db
def test_the_demo_world_has_requests_in_varied_states_and_is_idempotent(demo_world: None) -> None:
    first = InformationRequest.objects.count()
    call_command("seed_demo")
    assert InformationRequest.objects.count() == first
    school = InformationRequest.objects.get(case__reference="DEMO-2", agency__name="Demo Primary Academy")
    assert school.state == RequestState.OPENED
    assert school.agency.users.filter(email="school.lead@demo.cspr.invalid").exists()
    states = set(InformationRequest.objects.values_list("state", flat=True))
    assert {"sent", "opened", "submitted", "no_involvement", "accepted", "revision_requested"} <= states
    assert InformationRequest.objects.filter(case__reference="DEMO-3", escalations__isnull=False).exists()
