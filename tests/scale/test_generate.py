"""The national data set generator at a tiny scale: the shape the load test relies on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator

from cspr.access import cases_for_user
from cspr.accounts.models import User
from cspr.cases.models import Case
from cspr.chronology.models import ChronologyEntry
from cspr.organisations.models import Partnership
from cspr.portal.models import InformationRequest
from cspr.scale import generate


@pytest.mark.django_db
def test_a_small_national_data_set(tmp_path: Path) -> None:
    users_file = tmp_path / "users.json"
    result = generate.generate(scale=0.001, users_file=users_file, log=lambda _: None)
    assert result["partnerships"] == Partnership.objects.filter(short_code__startswith="s").count() == 150
    assert result["cases"] == Case.objects.filter(lead_partnership__short_code__startswith="s").count() == 25
    assert ChronologyEntry.objects.filter(case__reference="SCALE-BENCH-1").count() == 2_000
    assert ChronologyEntry.objects.filter(case__reference="SCALE-BENCH-2").count() == 10_000
    assert result["chronology_entries"] == ChronologyEntry.objects.count()
    assert result["agency_requests"] == InformationRequest.objects.count()
    users = json.loads(users_file.read_text())
    assert len(users) == generate.LOAD_USERS
    load_user = User.objects.get(email=users[0]["email"])
    assert load_user.check_password(users[0]["password"])
    assert Authenticator.objects.filter(user=load_user, type=Authenticator.Type.TOTP).exists()
    assert cases_for_user(load_user).filter(reference="SCALE-BENCH-1").exists()
    assert all(u["email"].endswith("@scale.cspr.invalid") for u in users)
    with pytest.raises(RuntimeError, match="already"):
        generate.generate(scale=0.001, log=lambda _: None)
