"""Uploads are hostile: each sample of the corpus is refused with a message and leaves nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cspr.portal import uploads
from cspr.portal.models import InformationRequest, Upload
from tests.portal import corpus
from tests.world import World

ALL = frozenset(uploads.Kind)
WORD = frozenset({uploads.Kind.DOCX})

HOSTILE = {
    "zip bomb": (corpus.zip_bomb, "expands to too much data"),
    "too many entries": (corpus.many_entries, "too many parts"),
    "XML external entity": (corpus.xxe, "content that cannot be accepted"),
    "billion laughs": (corpus.billion_laughs, "content that cannot be accepted"),
    "macro document": (corpus.macro_document, "contains macros"),
    "mislabelled executable": (corpus.mislabelled_executable, "must be a Word (.docx), Excel (.xlsx) or PDF file"),
    "oversized": (corpus.oversized, "must be smaller than 10MB"),
    "encrypted": (corpus.encrypted_office, "password-protected"),
    "PDF with JavaScript": (corpus.pdf_with_javascript, "contains scripts"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_inspect_refuses_every_hostile_sample(name: str) -> None:
    make, message = HOSTILE[name]
    with pytest.raises(uploads.UploadRefused) as refused:
        uploads.inspect(make(), ALL)
    assert message in refused.value.message


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (corpus.plain_docx, uploads.Kind.DOCX),
        (corpus.xlsx_bytes, uploads.Kind.XLSX),
        (corpus.plain_pdf, uploads.Kind.PDF),
    ],
)
def test_inspect_accepts_plain_files_by_content(make: Any, kind: uploads.Kind) -> None:
    assert uploads.inspect(make(), ALL).kind is kind


def test_a_word_only_upload_refuses_excel_and_pdf() -> None:
    for data in (corpus.xlsx_bytes(), corpus.plain_pdf()):
        with pytest.raises(uploads.UploadRefused) as refused:
            uploads.inspect(data, WORD)
        assert refused.value.message == "The selected file must be a Word (.docx) file"


@pytest.fixture
def storage(settings: Any, tmp_path: Path) -> Path:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    return tmp_path


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_uploads_are_refused_on_the_page_and_leave_no_file_or_row(
    world: World, sent: InformationRequest, storage: Path, name: str
) -> None:
    make, message = HOSTILE[name]
    client = Client()
    client.force_login(world.agency_users["own"])
    response = client.post(
        reverse("portal:upload", args=[sent.pk]),
        {
            "kind": "attachment",
            "file": SimpleUploadedFile(
                "return.docx",
                make(),
                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    assert Upload.objects.count() == 0
    assert _files(storage) == []


@pytest.mark.django_db
def test_an_accepted_attachment_is_stored_with_its_sha256_and_only_downloaded(
    world: World, sent: InformationRequest, storage: Path
) -> None:
    client = Client()
    client.force_login(world.agency_users["own"])
    data = corpus.plain_pdf()
    response = client.post(
        reverse("portal:upload", args=[sent.pk]),
        {"kind": "attachment", "file": SimpleUploadedFile("notes.html", data, content_type="text/html")},
    )
    assert response.status_code == 302
    upload = Upload.objects.get()
    assert upload.sha256 == hashlib.sha256(data).hexdigest()
    assert upload.content_type == "application/pdf"
    download = client.get(reverse("portal:download", args=[sent.pk, upload.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/octet-stream"
    other = Client()
    other.force_login(world.agency_users["other"])
    assert other.get(reverse("portal:download", args=[sent.pk, upload.pk])).status_code == 404
