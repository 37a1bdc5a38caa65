"""A request submitted or closed by someone else while an agency lead's form was open: the save
keeps what was typed and says why, instead of the 500 that ``make attack`` found in the server log."""

from __future__ import annotations

import threading
import time

import pytest
import time_machine
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from cspr.accounts.models import User
from cspr.portal.models import InformationRequest, RequestState
from tests.portal.conftest import NOW
from tests.world import World


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_a_request_closed_while_its_form_was_open_keeps_what_was_typed(world: World, sent: InformationRequest) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers, so there is no race to provoke; run on PostgreSQL")
    url = reverse("portal:answer_section", args=[sent.pk, "contact"])
    client = _client(world.agency_users["own"])
    with time_machine.travel(NOW):
        assert client.get(url).status_code == 200
    holding = threading.Event()

    def close_it_meanwhile() -> None:
        # Holds the request's row while the agency's save waits for it, then submits it elsewhere.
        try:
            with transaction.atomic():
                InformationRequest.objects.select_for_update().get(pk=sent.pk)
                holding.set()
                deadline = time.monotonic() + 30
                with connection.cursor() as cursor:
                    while time.monotonic() < deadline:
                        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
                        if cursor.fetchone()[0]:  # the save is now waiting on the row
                            break
                        time.sleep(0.05)
                InformationRequest.objects.filter(pk=sent.pk).update(state=RequestState.SUBMITTED)
        finally:
            connection.close()

    closer = threading.Thread(target=close_it_meanwhile)
    closer.start()
    assert holding.wait(30)
    with time_machine.travel(NOW):
        response = client.post(url, {"version": "1", "tracker_rows": "3", "contact_name": "Typed Lead", "save": "1"})
    closer.join(30)
    assert response.status_code == 400
    page = response.content.decode()
    assert "This request can no longer be changed" in page
    assert 'value="Typed Lead"' in page  # what was typed stays on the page
    assert InformationRequest.objects.get(pk=sent.pk).state == RequestState.SUBMITTED
