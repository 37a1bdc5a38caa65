"""The hidden CSRF field is masked once per response (issue 15: the case page masked it 23 times)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cspr.accounts.roles import Role
from tests.world import World

pytestmark = pytest.mark.django_db

FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_every_form_of_a_page_carries_one_masked_token_that_is_accepted(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    case = world.cases["own"]
    first = client.get(reverse("cases:detail", kwargs={"reference": case.reference}))
    tokens = FIELD.findall(first.content.decode())
    assert len(tokens) > 5  # the documents' Word and PDF buttons, the packs
    assert len(set(tokens)) == 1
    assert settings.CSRF_COOKIE_NAME in first.cookies  # still set when a form asks for the token
    second = FIELD.findall(client.get(reverse("cases:detail", kwargs={"reference": case.reference})).content.decode())
    assert second[0] != tokens[0]  # a new mask for each response
    response = client.post(
        reverse("cases:parallel_add", kwargs={"reference": case.reference}),
        {"kind": "dhr", "contact": "DHR chair", "csrfmiddlewaretoken": tokens[0]},
    )
    assert response.status_code == 302
    assert case.parallel_processes.get().contact == "DHR chair"


def test_a_page_without_a_form_sets_no_csrf_cookie(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.get(reverse("ui:accessibility"))
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert settings.CSRF_COOKIE_NAME not in response.cookies
