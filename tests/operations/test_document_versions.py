"""Generated document versions live in the document store; versions stored before that keep their
bytes in the database and are read the same way."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cspr.accounts.middleware import MFA_SESSION_KEY
from cspr.accounts.roles import Role
from cspr.documents.models import GeneratedDocument
from tests.world import World


def _download(world: World, version: GeneratedDocument) -> bytes:
    client = Client()
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    session = client.session
    session[MFA_SESSION_KEY] = time.time()
    session.save()
    url = reverse("documents:download", kwargs={"reference": version.case.reference, "pk": version.pk})
    response = client.get(url)
    assert response.status_code == 200
    return response.content


@pytest.mark.django_db
def test_a_new_version_is_a_file_in_the_store(world: World, settings: Any) -> None:
    case = world.cases["own"]
    data = b"PK a generated file"
    digest = hashlib.sha256(data).hexdigest()
    version = GeneratedDocument(
        case=case,
        document_id="ACTION_PLAN",
        format="docx",
        number=1,
        size=len(data),
        sha256=digest,
        filename=f"{case.reference}_ACTION_PLAN.docx",
        generated_at=timezone.now(),
        case_version=case.version,
    )
    version.content = data
    version.save()
    on_disk = Path(settings.STORAGES["default"]["OPTIONS"]["location"]) / "documents" / str(case.pk) / f"{digest}.docx"
    assert on_disk.read_bytes() == data
    fresh = GeneratedDocument.objects.get(pk=version.pk)
    assert bytes(fresh.stored_bytes) == b""
    assert fresh.content == data
    assert _download(world, fresh) == data


@pytest.mark.django_db
def test_an_older_version_kept_in_the_database_is_still_read(world: World) -> None:
    case = world.cases["own"]
    data = b"PK stored before the document store"
    version = GeneratedDocument.objects.create(
        case=case,
        document_id="ACTION_PLAN",
        format="docx",
        number=1,
        stored_bytes=data,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        filename=f"{case.reference}_ACTION_PLAN.docx",
        generated_at=timezone.now(),
        case_version=case.version,
    )
    fresh = GeneratedDocument.objects.get(pk=version.pk)
    assert not fresh.file
    assert fresh.content == data
    assert _download(world, fresh) == data
