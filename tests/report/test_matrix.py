"""The access matrix over the report's own URLs only (the full walk is ``tests/test_access_matrix.py``)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cspr.accounts.roles import Role
from tests.matrix.expected import hand_written
from tests.matrix.report import SPECS
from tests.world import SCOPES, World


@pytest.mark.django_db
def test_report_pages_follow_the_access_matrix(world: World) -> None:
    leaks = []
    for name, spec in SPECS.items():
        for scope in SCOPES:
            url = reverse(name, kwargs=spec.kwargs(world, scope))
            for role in [None, *Role]:
                client = Client(raise_request_exception=False)
                if role is not None:
                    client.force_login(world.user(role))
                for method in ["POST"] if spec.post_only else (["GET", "POST"] if spec.post else ["GET"]):
                    response = client.get(url) if method == "GET" else client.post(url, {})
                    allowed = hand_written(spec.audience, spec.ok, role, scope, method)
                    if response.status_code not in allowed:
                        leaks.append(f"{method} {name} [{scope}] as {role}: {response.status_code} not in {allowed}")
    assert leaks == [], "\n".join(leaks)
