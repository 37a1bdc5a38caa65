"""A full upload store (found by `make drill`): the upload is refused with a message, nothing is kept.

Django's FileSystemStorage writes a file chunk by chunk and leaves what it wrote when the disk fills
(ENOSPC). The storage below is that disk: it writes half the file, then fails as a full disk does.
``make drill`` does the same on a real 2 MB tmpfs.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cspr.portal.models import InformationRequest, Upload
from tests.portal import corpus
from tests.portal.conftest import NOW, add_family, send_to_own_agency
from tests.world import World


class FullDisk(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.read()
        with path.open("wb") as out:
            out.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.django_db
def test_an_upload_to_a_full_store_is_refused_with_a_message_and_leaves_no_file_or_row(
    world: World, settings: Any, tmp_path: Path
) -> None:
    add_family(world)
    with time_machine.travel(NOW):
        sent: InformationRequest = send_to_own_agency(world)
    store = tmp_path / "full"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.FullDisk", "OPTIONS": {"location": str(store)}},
    }
    client = Client()
    client.force_login(world.agency_users["own"])
    response = client.post(
        reverse("portal:upload", args=[sent.pk]),
        {"kind": "attachment", "file": SimpleUploadedFile("notes.pdf", corpus.plain_pdf())},
    )
    assert response.status_code == 400
    assert "The file could not be stored just now" in response.content.decode()
    assert not Upload.objects.exists()
    assert [p for p in store.rglob("*") if p.is_file()] == []
