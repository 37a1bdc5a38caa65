"""The 500 page renders while the database is down (issue 16, reliability).

The page used to extend the shared layout, whose shell reads the signed-in user, their partnership
and the session's messages: with the database gone the error page itself failed, and the person saw
the server's bare "Internal Server Error" (or nothing). ``handler500`` now renders without the
request, so nothing on the page touches the database.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client

from cspr.accounts.roles import Role
from tests.world import World

SORRY = "Sorry, there is a problem with the service"


def _refuse(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    raise OperationalError("the database is down (test)")


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [True, False])
def test_every_query_failing_gives_the_500_page(world: World, signed_in: bool) -> None:
    client = Client(raise_request_exception=False)
    if signed_in:
        client.force_login(world.user(Role.BUSINESS_MANAGER))
    with connection.execute_wrapper(_refuse):
        if signed_in:
            response = client.get(f"/cases/{world.cases['own'].reference}/")
        else:  # signing in reads the account
            response = client.post("/accounts/login/", {"login": "someone@test.invalid", "password": "x" * 12})
    assert response.status_code == 500
    body = response.content.decode()
    assert SORRY in body
    assert "Signed in as" not in body  # the shell (which reads the user) is not drawn
    assert world.cases["own"].reference not in body


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again when the block ends: nothing listens


@pytest.mark.django_db(transaction=True)
def test_the_500_page_renders_with_the_database_server_gone(world: World) -> None:
    """The connection pointed at a port where nothing listens (PostgreSQL; SQLite's in-memory test
    database cannot be disconnected without losing it, so there the test above stands alone)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server to disconnect from")
    client = Client(raise_request_exception=False)
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": str(_closed_port())})
    try:
        response = client.get("/")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert response.status_code == 500
    assert SORRY in response.content.decode()
