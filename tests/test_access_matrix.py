"""Every URL pattern × every role × own / other / collaborating records: 0 leaks allowed.

Responses are checked against the hand-written table in ``tests/matrix/expected.py`` (who may do
what, from the toolkit's roles); the expectations derived from the app's role flags must agree with
that table cell by cell, so a wrong flag cannot make the app and the test agree on a wrong answer.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.matrix
from cspr.accounts.roles import Role
from tests.matrix import Audience, Spec, derived_statuses
from tests.matrix.expected import ROLES, SCOPE_INDEX, TABLE, hand_written
from tests.world import SCOPES, World

# URL patterns of third-party sign-in flows (allauth): they hold no case data and are exercised by
# the sign-in tests; listing each here would only repeat allauth's own tests.
EXEMPT_PREFIXES = ("account_", "mfa_", "socialaccount_", "microsoft_", "openid_connect_", "headless_")


def _walk(patterns: list[Any], namespace: str = "") -> list[tuple[str, URLPattern]]:
    found: list[tuple[str, URLPattern]] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            found.extend(_walk(p.url_patterns, ns))
        elif isinstance(p, URLPattern) and p.name:
            found.append((f"{namespace}{p.name}", p))
    return found


def spec_modules() -> list[str]:
    return [m.name for m in pkgutil.iter_modules(tests.matrix.__path__) if hasattr(_module(m.name), "SPECS")]


def _module(name: str) -> Any:
    return importlib.import_module(f"tests.matrix.{name}")


def all_specs() -> dict[str, Spec]:
    specs: dict[str, Spec] = {}
    for name in spec_modules():
        specs.update(_module(name).SPECS)
    return specs


def named_patterns() -> list[str]:
    return sorted({name for name, _ in _walk(get_resolver().url_patterns) if not name.startswith(EXEMPT_PREFIXES)})


def test_every_url_pattern_is_in_the_matrix() -> None:
    specs = all_specs()
    missing = [name for name in named_patterns() if name not in specs]
    assert missing == [], f"URL patterns with no access-matrix spec: {missing}"
    stale = [name for name in specs if name not in named_patterns()]
    assert stale == [], f"Specs for URL patterns that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("module", spec_modules())
def test_access_matrix_has_no_leaks(world: World, module: str) -> None:
    """One app's URL patterns at a time, so the walk spreads over the test workers (and one app's
    slice runs alone with ``-k``); together they cover every named pattern (test above)."""
    specs: dict[str, Spec] = _module(module).SPECS
    roles: list[Role | None] = [None, *Role]
    leaks: list[str] = []
    # One signed-in client per role for the whole walk: signing in again for every URL cost a
    # fifth of the walk's time (sessions cycled and written), and the matrix's empty POSTs change
    # no session state (sign-out is not in the matrix: allauth's URLs are exempt).
    clients: dict[Role | None, Client] = {}
    for role in roles:
        clients[role] = Client(raise_request_exception=False)
        if role is not None:
            clients[role].force_login(world.user(role))
    # A URL that is the same in every scope (a page not about one record) would be requested three
    # times over with the same expectation: each (user, URL, method, expected statuses) is checked
    # once, and a cell of the table is still checked in every scope (its URL and expectation are).
    checked: set[tuple[Role | None, str, str, frozenset[int]]] = set()
    cells = 0
    for name in sorted(specs):
        spec = specs[name]
        for scope in SCOPES:
            url = reverse(name, kwargs=spec.kwargs(world, scope) or None)
            for role in roles:
                client = clients[role]
                methods = ["POST"] if spec.post_only else (["GET", "POST"] if spec.post else ["GET"])
                for method in methods:
                    cells += 1
                    allowed = hand_written(spec.audience, spec.ok, role, scope, method)
                    check = (role, url, method, frozenset(allowed))
                    if check in checked:
                        continue
                    checked.add(check)
                    response = client.get(url) if method == "GET" else client.post(url, {})
                    if response.status_code not in allowed:
                        who = role.value if role else "anonymous"
                        leaks.append(
                            f"{method} {name} [{scope}] as {who}: {response.status_code}, expected {sorted(allowed)}"
                        )
    print(
        f"\naccess matrix, {module}: {len(specs)} URL patterns × {len(roles)} roles (incl. anonymous) × "
        f"{len(SCOPES)} scopes = {cells} cells, {len(checked)} distinct requests, {len(leaks)} leaks"
    )
    assert leaks == [], "\n".join(leaks)


def test_the_hand_written_table_covers_every_page_kind_role_and_scope() -> None:
    assert set(TABLE) == set(Audience), f"page kinds without a hand-written row: {set(Audience) - set(TABLE)}"
    for audience, rows in TABLE.items():
        assert set(rows) == set(ROLES), f"{audience}: roles missing {set(ROLES) - set(rows)}"


def test_the_role_flags_agree_with_the_hand_written_table() -> None:
    disagreements = []
    for audience in Audience:
        spec = Spec(audience)
        for role in ROLES:
            for scope in SCOPE_INDEX:
                for method in ("GET", "POST"):
                    derived = derived_statuses(spec, role, scope, method)
                    written = hand_written(audience, spec.ok, role, scope, method)
                    if derived != written:
                        who = role.value if role else "anonymous"
                        disagreements.append(
                            f"{audience.value} {method} [{scope}] as {who}: flags say {sorted(derived)}, "
                            f"table says {sorted(written)}"
                        )
    assert disagreements == [], "\n".join(disagreements)
