"""Numbers and lists of the portal's forms, typed or forged: never a 500. Each bad value gets a
GOV.UK error (400 with the error summary) or is bounded and ignored (the page still works)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.portal.models import InformationRequest, RequestState
from tests.portal.conftest import NOW
from tests.world import World

BAD_NUMBERS = ["abc", "", "-1", "0", "1.5", "1e3", "²", "٣", "99999999999999999999999", " 4 ", "NaN", "\x00"]


def _client(user: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_tracker_rows_abc_is_not_a_500(world: World, sent: InformationRequest) -> None:
    """Issue 16 item 7: an agency POST with tracker_rows=abc."""
    client = _client(world.agency_users["own"])
    url = reverse("portal:answer_section", args=[sent.pk, "learning"])
    with time_machine.travel(NOW):
        response = client.post(url, {"version": "1", "tracker_rows": "abc", "a1_learning_point": "Kept", "save": "1"})
    assert response.status_code == 302
    assert list(sent.learning_actions.values_list("learning_point", flat=True)) == ["Kept"]


@pytest.mark.django_db
@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize("param", ["tracker_rows", "version", "rows"])
def test_numeric_params_of_the_answer_form(world: World, sent: InformationRequest, param: str, value: str) -> None:
    client = _client(world.agency_users["own"])
    url = reverse("portal:answer_section", args=[sent.pk, "learning"])
    with time_machine.travel(NOW):
        shown = client.get(url, {param: value})
        data = {"version": "1", "tracker_rows": "3", "a1_learning_point": "Point", "save": "1", param: value}
        saved = client.post(url, data)
    assert shown.status_code == 200
    assert saved.status_code in {302, 400}, saved.status_code
    if saved.status_code == 400:
        assert "govuk-error-summary" in saved.content.decode()
        assert 'value="Point"' in saved.content.decode() or ">Point<" in saved.content.decode()  # kept


@pytest.mark.django_db
@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize("part", ["day", "month", "year"])
def test_date_parts_of_the_agency_forms(world: World, sent: InformationRequest, part: str, value: str) -> None:
    client = _client(world.agency_users["own"])
    dates = {"day": "3", "month": "11", "year": "2026", part: value}
    with time_machine.travel(NOW):
        check = client.post(
            reverse("portal:check", args=[sent.pk]),
            {f"records_secured_on-{k}": v for k, v in dates.items()}
            | {"records_secured_by": "x", "kept_separate": "on"},
        )
        contact = client.post(
            reverse("portal:answer_section", args=[sent.pk, "contact"]),
            {f"date_completed-{k}": v for k, v in dates.items()} | {"version": "1", "save": "1"},
        )
        tracker = client.post(
            reverse("portal:answer_section", args=[sent.pk, "learning"]),
            {f"a1_target_date-{k}": v for k, v in dates.items()}
            | {"version": str(InformationRequest.objects.get(pk=sent.pk).version), "a1_learning_point": "P"},
        )
    for response in (check, contact, tracker):
        assert response.status_code in {302, 400}, response.status_code
        if response.status_code == 400:
            assert "govuk-error-summary" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", [*BAD_NUMBERS, "word_return", "../../etc"])
def test_choices_and_lists_of_the_portal_forms(world: World, sent: InformationRequest, value: str) -> None:
    lead = _client(world.agency_users["own"])
    manager = _client(world.user(Role.BUSINESS_MANAGER))
    reference = sent.case.reference
    InformationRequest.objects.filter(pk=sent.pk).update(state=RequestState.OPENED)
    with time_machine.travel(NOW):
        responses = [
            lead.post(reverse("portal:upload", args=[sent.pk]), {"kind": value}),
            lead.get(f"/portal/requests/{sent.pk}/answer/{quote(value, safe='')}/"),
            manager.post(
                reverse("portal:send_scoping", args=[reference]),
                {"agencies": [value, value], "case_summary": "S", "time_period": "T"},
            ),
            manager.post(reverse("portal:review", args=[reference, sent.pk]), {"decision": value}),
            manager.get(f"/portal/case/{reference}/collated/{quote(value, safe='')}/"),
        ]
    for response in responses:
        assert response.status_code in {302, 400, 404}, response.status_code
