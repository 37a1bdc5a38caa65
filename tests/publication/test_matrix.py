"""The access matrix for the publication pages alone (the whole matrix is ``tests/test_access_matrix.py``):
every role, anonymous included, × own / other / collaborating case, GET and an empty POST."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cspr.accounts.roles import Role
from tests.matrix.expected import hand_written
from tests.matrix.publication import SPECS
from tests.world import SCOPES, World


@pytest.mark.django_db
def test_publication_pages_follow_the_hand_written_table(world: World) -> None:
    leaks: list[str] = []
    for name, spec in sorted(SPECS.items()):
        for scope in SCOPES:
            url = reverse(name, kwargs=spec.kwargs(world, scope))
            for role in [None, *Role]:
                client = Client(raise_request_exception=False)
                if role is not None:
                    client.force_login(world.user(role))
                for method in ["GET", "POST"] if spec.post else ["GET"]:
                    response = client.get(url) if method == "GET" else client.post(url, {})
                    allowed = hand_written(spec.audience, spec.ok, role, scope, method)
                    if response.status_code not in allowed:
                        who = role.value if role else "anonymous"
                        leaks.append(
                            f"{method} {name} [{scope}] as {who}: {response.status_code}, expected {sorted(allowed)}"
                        )
    assert leaks == [], "\n".join(leaks)
