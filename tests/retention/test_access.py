"""The data protection lead a partnership names, forged and stale forms, fuzzed input. The access
matrix for these pages is ``tests/test_access_matrix.py -k retention``."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.retention import actions
from cspr.retention.models import RetentionSettings
from tests.matrix.retention import SPECS
from tests.retention.helpers import client_for, manager
from tests.world import World


@pytest.mark.django_db
def test_a_named_data_protection_lead_gets_the_pages_and_nobody_else_does(world: World) -> None:
    scrutineer = world.user(Role.CSPR_GROUP_MEMBER)
    review = reverse("retention:review")
    assert client_for(scrutineer).get(review).status_code == 404
    settings = RetentionSettings.objects.get_or_create(partnership=world.home)[0]
    actions.save_contact(
        world.home, lead=scrutineer, email="dpo@test.invalid", expected_version=settings.version,
        acting_user=world.user(Role.PARTNERSHIP_ADMIN),
    )  # fmt: skip
    assert client_for(scrutineer).get(review).status_code == 200
    # The partnership administrator sets the periods but does not review records.
    assert client_for(world.user(Role.PARTNERSHIP_ADMIN)).get(review).status_code == 404
    # A lead from another partnership cannot be named.
    with pytest.raises(actions.Refused):
        actions.save_contact(
            world.home, lead=world.away_manager, email="", expected_version=settings.version + 1,
            acting_user=manager(world),
        )  # fmt: skip


@pytest.mark.django_db
def test_only_managers_set_periods_and_a_stale_form_is_refused(world: World) -> None:
    url = reverse("retention:schedule_edit", args=["chronology"])
    admin = client_for(world.user(Role.PARTNERSHIP_ADMIN))
    ok = admin.post(url, {"version": "0", "permanent": "no", "years": "7", "months": "0"})
    assert ok.status_code == 302
    stale = admin.post(url, {"version": "0", "permanent": "no", "years": "8", "months": "0"})
    assert stale.status_code == 400
    assert "Someone else changed" in stale.content.decode()
    with pytest.raises(actions.Refused):
        actions.save_schedule(
            world.home, record_class="chronology", years=1, months=0, permanent=False, expected_version=None,
            acting_user=world.user(Role.PARTNER_LEAD),
        )  # fmt: skip
    with pytest.raises(actions.Refused):  # the audit trail is not destroyable: it has no period to set
        actions.save_schedule(
            world.home, record_class="audit_log", years=1, months=0, permanent=False, expected_version=None,
            acting_user=manager(world),
        )  # fmt: skip
    assert (
        client_for(world.user(Role.PARTNERSHIP_ADMIN))
        .get(reverse("retention:schedule_edit", args=["audit_log"]))
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_the_retention_pages_answer_fuzzed_query_strings_and_forms_without_a_500(world: World) -> None:
    from tests.security.fuzz import fuzz_urlconf

    report = fuzz_urlconf(world, 3, derandomize=True, only=lambda name: name.startswith("retention:"))
    assert set(report.per_url) == set(SPECS)
    assert report.findings == [], "\n".join(str(f) for f in report.findings)
