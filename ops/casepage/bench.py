"""The case page against the floor, section by section (issue 15: "the case page render time").

``manage.py bench --only casepage``: the test world's case (every stage app's records added by the
shared full-case fixture where it exists), the page through the whole stack (Django's test client,
signed in), the floor (``ui:accessibility`` through the same stack) in the same run, and each
section's own cost: its provider (the queries and work behind it) and its template rendered alone.
A development tool: it imports the test fixtures, so it runs from a checkout.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.test import Client, RequestFactory
from django.test.utils import override_settings


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    return round(statistics.median(timings) * 1000, 1)


def run() -> dict[str, Any]:
    from django.template.loader import render_to_string

    from cspr.accounts.roles import Role
    from cspr.cases import sections
    from tests.world import build_world

    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], ALLOWED_HOSTS=["testserver"]
    ):
        world = build_world()
        case = world.cases["own"]
        user = world.user(Role.BUSINESS_MANAGER)
        client = Client()
        client.force_login(user)
        url = f"/cases/{case.reference}/"
        assert client.get(url).status_code == 200
        page = _median_ms(lambda: client.get(url), 9)
        floor = _median_ms(lambda: client.get("/accessibility/"), 21)
        request = RequestFactory().get(url)
        request.user = user
        request.session = client.session
        parts: dict[str, dict[str, float]] = {}
        for provider in sections.PROVIDERS:
            found = provider(request, case)
            if found is None:
                continue
            context = {"ctx": found.context, "case": case, "section": found}
            parts[found.title] = {
                "provider_ms": _median_ms(lambda p=provider: p(request, case), 5),  # type: ignore[misc]
                "template_ms": _median_ms(
                    lambda t=found.template, c=context: render_to_string(t, c, request=request),  # type: ignore[misc]
                    5,
                ),
            }
    slowest = sorted(parts.items(), key=lambda item: -(item[1]["provider_ms"] + item[1]["template_ms"]))
    return {
        "case_page_render": {
            "value": page,
            "unit": "ms (median of 9, Client GET of the test world's case page, business manager)",
            "floor": floor,
            "floor_page": "ui:accessibility through the same stack",
            "ratio": round(page / floor, 1),
            "sections": dict(slowest),
            "load_average": round(os.getloadavg()[0], 1),
        }
    }
