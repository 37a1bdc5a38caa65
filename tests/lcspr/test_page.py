"""The LCSPR page: there once a ratified decision commissions a review, and only for those in reach."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from cspr.accounts.roles import Role
from cspr.cases.models import Case
from tests.world import World

pytestmark = pytest.mark.django_db


def _commission(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(lcspr_commissioned_date=dt.date(2026, 6, 1))


def test_page_exists_only_once_an_lcspr_is_commissioned(client: Client, world: World) -> None:
    case = world.cases["own"]
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    assert client.get(f"/lcspr/{case.reference}/").status_code == 404
    case_page = client.get(f"/cases/{case.reference}/").content.decode()
    assert f"/lcspr/{case.reference}/" not in case_page
    _commission(case)
    response = client.get(f"/lcspr/{case.reference}/")
    assert response.status_code == 200
    assert "Local Child Safeguarding Practice Review" in response.content.decode()
    assert f"/lcspr/{case.reference}/" in client.get(f"/cases/{case.reference}/").content.decode()


def test_other_partnership_gets_404(client: Client, world: World) -> None:
    _commission(world.cases["other"])
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    assert client.get(f"/lcspr/{world.cases['other'].reference}/").status_code == 404
