"""A download serves the stored version unless the record changed since (issue 15, cause 5)."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.cases import actions as case_actions
from cspr.cases.models import Case
from cspr.documents import actions
from cspr.documents.models import GeneratedDocument
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def settled(world: World, case: Case) -> Case:
    """The full case after one action, so its stored headline stage agrees with its dates (the fixture
    writes dates directly; the first action would otherwise bump the version to re-derive the stage)."""
    with time_machine.travel("2026-11-16 09:00 +0000", tick=False):
        _change(world, case)
    case.refresh_from_db()
    return case


def _change(world: World, case: Case) -> None:
    """An action that changes the record without touching a Case field (no new Case.version)."""
    case_actions.save_person(
        case,
        None,
        expected_version=None,
        values={"role": "significant_other", "first_name": "Demo", "last_name": "Neighbour"},
        acting_user=world.user(Role.BUSINESS_MANAGER),
    )


def _versions(case: Case) -> list[int]:
    return list(
        GeneratedDocument.objects.filter(case=case, document_id="RAPID_REVIEW_TEMPLATE", format="docx")
        .order_by("number")
        .values_list("number", flat=True)
    )


@time_machine.travel("2026-11-16 10:00 +0000", tick=False)
def test_downloading_again_serves_the_stored_version_and_logs_each_read(world: World, settled: Case) -> None:
    case = settled
    client = Client()
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    url = reverse("documents:generate", args=[case.reference, "RAPID_REVIEW_TEMPLATE", "docx"])
    first = client.post(url)
    second = client.post(url)
    # The button's answer is the file itself (no redirect to it), the same stored version both times.
    for response in (first, second):
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
    assert first.content == second.content
    assert _versions(case) == [1]
    version = GeneratedDocument.objects.get(case=case, document_id="RAPID_REVIEW_TEMPLATE", format="docx")
    assert client.get(reverse("documents:download", args=[case.reference, version.pk])).content == first.content
    assert AuditEvent.objects.filter(action="documents.generate", case_id=case.pk).count() == 1
    assert AuditEvent.objects.filter(action="read.document", case_id=case.pk).count() == 3  # each file handed over


def test_a_change_to_the_record_or_a_new_day_makes_a_new_version(world: World, settled: Case) -> None:
    case = settled
    user = world.user(Role.BUSINESS_MANAGER)
    with time_machine.travel("2026-11-16 10:00 +0000", tick=False):
        actions.generate_document(case=case, document_id="RAPID_REVIEW_TEMPLATE", fmt="docx", acting_user=user)
        actions.generate_document(case=case, document_id="RAPID_REVIEW_TEMPLATE", fmt="docx", acting_user=user)
        assert _versions(case) == [1]
        _change(world, case)
        actions.generate_document(case=case, document_id="RAPID_REVIEW_TEMPLATE", fmt="docx", acting_user=user)
        assert _versions(case) == [1, 2]
        actions.generate_document(case=case, document_id="RAPID_REVIEW_TEMPLATE", fmt="docx", acting_user=user)
        assert _versions(case) == [1, 2]
    with time_machine.travel("2026-11-17 09:00 +0000", tick=False):  # letters carry the day's date
        actions.generate_document(case=case, document_id="RAPID_REVIEW_TEMPLATE", fmt="docx", acting_user=user)
        assert _versions(case) == [1, 2, 3]


def test_another_case_or_another_format_is_not_served(world: World, settled: Case) -> None:
    case = settled
    user = world.user(Role.BUSINESS_MANAGER)
    with time_machine.travel("2026-11-16 10:00 +0000", tick=False):
        actions.generate_document(case=case, document_id="SCOPING_LETTER", fmt="docx", acting_user=user)
        assert actions.stored_unchanged(case, "SCOPING_LETTER", "pdf") is None
        assert actions.stored_unchanged(world.cases["other"], "SCOPING_LETTER", "docx") is None
        assert actions.stored_unchanged(case, "SCOPING_LETTER", "docx") is not None


def test_the_case_page_lists_the_latest_version_of_each_document_and_links_to_the_rest(
    world: World, settled: Case, django_assert_max_num_queries: Any
) -> None:
    case = settled
    Case.objects.filter(pk=case.pk).update(terms_of_reference_agreed_date=None)  # the Rapid Review stage
    case.refresh_from_db()
    first = actions.generate_document(
        case=case, document_id="RAPID_REVIEW_TEMPLATE", fmt="docx", acting_user=world.user(Role.BUSINESS_MANAGER)
    )
    client = Client()
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    url = reverse("cases:detail", args=[case.reference])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(2, 31):  # a month of downloads after changes to the record
        GeneratedDocument.objects.create(
            case=case,
            document_id=first.document_id,
            format=first.format,
            number=n,
            stored_bytes=b"x",
            size=1,
            sha256="0" * 64,
            filename=first.filename,
            generated_at=first.generated_at,
            case_version=case.version,
        )
    with django_assert_max_num_queries(len(one)):
        page = client.get(url).content.decode()
    assert "Latest version (30 versions in all)" in page
    assert "Version 30 (Word)" in page
    assert "Version 29 (Word)" not in page
    assert f'href="/documents/{case.reference}/">Every version (30)' in page
    history = client.get(reverse("documents:case", args=[case.reference])).content.decode()
    assert "Version 1 (Word)" in history
    assert "Version 30 (Word)" in history
