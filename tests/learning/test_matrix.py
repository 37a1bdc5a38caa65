"""The access matrix for the learning and library pages alone (the full walk is
``tests/test_access_matrix.py``): every role × own / other / collaborating case, GET and POST."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cspr.accounts.roles import Role
from tests.matrix import learning, library
from tests.matrix.expected import hand_written
from tests.world import SCOPES, World


@pytest.mark.django_db
@pytest.mark.parametrize("module", [learning, library], ids=["learning", "library"])
def test_learning_and_library_pages_follow_the_matrix(world: World, module: Any) -> None:
    leaks = []
    for name, spec in module.SPECS.items():
        for scope in SCOPES:
            url = reverse(name, kwargs=spec.kwargs(world, scope) or None)
            for role in [None, *Role]:
                client = Client(raise_request_exception=False)
                if role is not None:
                    client.force_login(world.user(role))
                for method in ["GET", "POST"] if spec.post else ["GET"]:
                    response = client.get(url) if method == "GET" else client.post(url, {})
                    allowed = hand_written(spec.audience, spec.ok, role, scope, method)
                    if response.status_code not in allowed:
                        who = role.value if role else "anonymous"
                        leaks.append(f"{method} {name} [{scope}] as {who}: {response.status_code} not in {allowed}")
    assert leaks == [], "\n".join(leaks)
