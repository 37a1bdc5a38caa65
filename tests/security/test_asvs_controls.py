"""Controls from the ASVS map (docs/security/asvs.yml) that no other test shows, over every page.

Each page is requested once as a user who may see it (the same choice the URLconf fuzz makes).
"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from cspr.accounts.roles import Role
from tests.matrix import Audience
from tests.security.fuzz import user_for
from tests.security.raising_urls import SECRET_IN_ERROR
from tests.test_access_matrix import all_specs, named_patterns
from tests.world import World

# Images a page shows inline (the partnership logo, the genogram picture, the timeline chart).
# Shown as they are; application/json is the health endpoints' answer (with nosniff, never rendered).
INLINE_TYPES = ("image/png", "image/svg+xml", "application/json")


@pytest.mark.django_db
def test_every_page_declares_its_type_and_security_headers_and_is_not_cached(world: World) -> None:
    """V3.2.1, V3.4.3, V3.4.4, V3.4.6, V4.1.1, V14.3.2: on every GET page of the URLconf."""
    specs = all_specs()
    problems: list[str] = []
    checked = 0
    for name in named_patterns():
        spec = specs[name]
        if spec.post_only:
            continue
        client = Client()
        user = user_for(spec, world)
        if user is not None:
            client.force_login(user)
        response = client.get(reverse(name, kwargs=spec.kwargs(world, "own") or None))
        checked += 1
        kind = response.get("Content-Type", "")
        csp = response.get("Content-Security-Policy", "")
        if not kind:
            problems.append(f"{name}: no Content-Type")
        if kind.startswith("text/html") and "charset=utf-8" not in kind:
            problems.append(f"{name}: HTML without a charset ({kind})")
        if response.get("X-Content-Type-Options") != "nosniff":
            problems.append(f"{name}: no nosniff")
        if kind.startswith("text/html") and "frame-ancestors 'none'" not in csp:
            problems.append(f"{name}: HTML without frame-ancestors 'none'")
        shown_inline = kind.startswith("text/html") or kind.startswith(INLINE_TYPES)
        if not shown_inline and not response.get("Content-Disposition", "").startswith("attachment"):
            problems.append(f"{name}: {kind} served without Content-Disposition: attachment")
        if spec.audience is not Audience.PUBLIC and "no-store" not in response.get("Cache-Control", ""):
            problems.append(f"{name}: signed-in page without Cache-Control: no-store")
    assert checked > 50
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db
def test_trace_never_echoes_the_request(world: World) -> None:
    """V13.4.4: TRACE is refused and nothing of the request (its cookie) comes back."""
    client = Client()
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    for path in ["/", reverse("cases:detail", args=[world.cases["own"].reference]), "/accounts/login/"]:
        response = client.generic("TRACE", path)
        session = client.cookies["cspr_session"].value
        assert response.status_code == 405, (path, response.status_code)
        assert session.encode() not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target", ["https://evil.invalid/", "//evil.invalid/", "/\\evil.invalid/", "javascript:alert(1)"]
)
def test_sign_in_and_out_never_send_anyone_off_site(world: World, target: str) -> None:
    """V3.7.2: a ``next`` pointing elsewhere is ignored (no open redirect)."""
    client = Client()
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    for response in (
        client.get("/accounts/login/", {"next": target}),
        client.post("/accounts/logout/", {"next": target}),
    ):
        location = response.get("Location", "")
        assert "evil.invalid" not in location, location
        assert "javascript" not in location, location


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.security.raising_urls", DEBUG=False)
def test_an_unexpected_error_shows_the_generic_page_and_nothing_of_the_error() -> None:
    """V16.5.1, V16.5.3: the 500 page is static; the exception's text never reaches the user."""
    response = Client(raise_request_exception=False).get("/fails/")
    assert response.status_code == 500
    body = response.content.decode()
    assert SECRET_IN_ERROR not in body
    assert "Traceback" not in body
    assert "RuntimeError" not in body
    assert "Sorry, there is a problem with the service" in body


MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.mark.django_db
def test_typed_markup_is_shown_as_text_on_every_page_that_shows_it(world: World) -> None:
    """V1.2.1, V3.2.2: what a person typed is escaped wherever a page prints it (Jinja autoescape)."""
    case = world.cases["own"]
    person = case.people.first()
    assert person is not None
    type(person).objects.filter(pk=person.pk).update(also_known_as=MARKUP, first_name=MARKUP)
    client = Client()
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    pages = [
        reverse("cases:detail", args=[case.reference]),
        reverse("cases:person_edit", args=[case.reference, person.pk]),
        reverse("chronology:genogram", args=[case.reference]),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert "&lt;script&gt;alert" in body, url  # the page does print it
        assert "<script>alert" not in body, url
        assert "onerror=alert" not in body.replace("onerror=alert(1)&gt;", ""), url
