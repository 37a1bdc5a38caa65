"""The review list's query count does not grow with the data; the certificate's PDF."""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cspr.cases.models import Case
from cspr.retention import actions
from tests.retention.helpers import client_for, close, fill, manager
from tests.world import World

DUE_DAY = "2032-01-16 09:00 +0000"


def _add_closed_cases(world: World, start: int, count: int) -> None:
    for n in range(start, start + count):
        fill(world, close(Case.objects.create(reference=f"HOME-2020-{n:03d}", lead_partnership=world.home)))


def _queries(world: World, url: str) -> tuple[int, str]:
    client = client_for(manager(world))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.django_db
def test_the_review_list_costs_the_same_queries_with_more_records_and_pages(world: World) -> None:
    with time_machine.travel(DUE_DAY, tick=False):
        _add_closed_cases(world, 1, 2)
        few, page = _queries(world, reverse("retention:review"))
        assert "4 records due for review" in page
        _add_closed_cases(world, 3, 20)
        actions.place_hold(
            world.home, case=Case.objects.get(reference="HOME-2020-005"), reason="Inquest", acting_user=manager(world)
        )
        many, page = _queries(world, reverse("retention:review"))
        assert "42 records due for review" in page
        assert "HOME-2020-005" not in page
        assert 'aria-label="Page 2"' in page  # 25 a page
        assert many == few
        print(f"\nretention review list: {few} queries with 4 and with 42 records due")
        second, page = _queries(world, reverse("retention:review") + "?page=2")
        assert second == few
        for url in (reverse("retention:holds"), reverse("retention:certificates")):
            assert _queries(world, url)[0] <= few


@pytest.mark.django_db
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_certificate_downloads_as_pdf_too(world: World) -> None:
    case = close(world.cases["own"])
    fill(world, case)
    user = manager(world)
    with time_machine.travel(DUE_DAY, tick=False):
        decision = actions.record_decision(
            world.home, case_id=case.pk, record_class="chronology", outcome="destroy", reason="Past its period.",
            review_again_on=None, acting_user=user,
        )  # fmt: skip
        certificate = actions.destroy(world.home, decision.pk, acting_user=user)
        client = client_for(user)
        pdf = client.get(reverse("retention:certificate_file", args=[certificate.pk, "pdf"]))
        word = client.get(reverse("retention:certificate_file", args=[certificate.pk, "docx"]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    with zipfile.ZipFile(io.BytesIO(word.content)) as docx:
        assert "Chronology entries" in docx.read("word/document.xml").decode()
