"""Documents and uploads in S3-compatible object storage (CSPR_STORAGE=s3), against a real S3 server
on loopback: stored through the default storage, served by the application's own views, and the
settings build the same storage from the environment."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from cspr.accounts.middleware import MFA_SESSION_KEY
from cspr.accounts.roles import Role
from cspr.portal.models import InformationRequest, RequestState, RequestType, Upload, UploadKind
from tests.matrix.core import TINY_PNG
from tests.operations.s3server import S3Server, running_s3
from tests.world import World


@pytest.fixture(scope="module")
def s3() -> Iterator[S3Server]:
    with running_s3() as server:
        yield server


@pytest.fixture
def s3_store(s3: S3Server, settings: Any, request: pytest.FixtureRequest) -> S3Server:
    prefix = f"t-{request.node.name[:40]}-{time.monotonic_ns()}"
    settings.STORAGES = {**settings.STORAGES, "default": s3.storage_setting(prefix)}
    return s3


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[MFA_SESSION_KEY] = time.time()
    session.save()
    return client


def test_the_default_storage_is_the_bucket(s3_store: S3Server) -> None:
    name = default_storage.save("check/hello.txt", ContentFile(b"hello"))
    prefix = default_storage.location  # type: ignore[attr-defined]
    assert f"{prefix}/{name}" in s3_store.object_keys(prefix)
    with default_storage.open(name, "rb") as handle:
        assert handle.read() == b"hello"
    # Never overwritten: a second file of the same name gets a new name, like on a filesystem.
    assert default_storage.save("check/hello.txt", ContentFile(b"other")) != name


@pytest.mark.django_db
def test_a_logo_uploaded_through_the_settings_page_lands_in_the_bucket_and_is_served(
    s3_store: S3Server, world: World
) -> None:
    from cspr.organisations import actions

    manager = world.user(Role.BUSINESS_MANAGER)

    actions.update_settings(
        world.home,
        changes={},
        expected_version=world.home.version,
        logo=ContentFile(TINY_PNG, name="logo.png"),  # type: ignore[arg-type]
        acting_user=manager,
    )
    world.home.refresh_from_db()
    key = f"{default_storage.location}/{world.home.logo.name}"  # type: ignore[attr-defined]
    assert key in s3_store.object_keys()
    response = _signed_in(manager).get("/partnership/logo/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == TINY_PNG  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_an_agency_upload_is_stored_in_the_bucket_and_read_back(s3_store: S3Server, world: World) -> None:
    request = InformationRequest.objects.create(
        case=world.cases["own"],
        agency=world.agencies["own"],
        request_type=RequestType.SCOPING,
        state=RequestState.SUBMITTED,
    )
    upload = Upload(
        request=request,
        kind=UploadKind.ATTACHMENT,
        original_name="a.pdf",
        content_type="application/pdf",
        size=3,
        sha256="x",
    )
    upload.file.save(f"{request.pk}/abc.pdf", ContentFile(b"pdf"), save=True)
    assert f"{default_storage.location}/portal/{request.pk}/abc.pdf" in s3_store.object_keys()  # type: ignore[attr-defined]
    assert Upload.objects.get(pk=upload.pk).file.read() == b"pdf"


@pytest.mark.django_db
def test_readyz_checks_the_bucket(s3_store: S3Server, settings: Any) -> None:
    assert Client().get("/readyz").json()["checks"]["document_store"] == "ok"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **s3_store.storage_setting(),
            "OPTIONS": {**s3_store.storage_setting()["OPTIONS"], "bucket_name": "no-such-bucket"},
        },
    }
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["document_store"] == "failed"


def test_the_settings_build_the_s3_storage_from_the_environment(s3: S3Server) -> None:
    code = (
        "from django.conf import settings; from django.core.files.storage import default_storage as d; "
        "from django.core.files.base import ContentFile; "
        "n = d.save('env/check.txt', ContentFile(b'x')); print(type(d._wrapped).__name__, n)"
    )
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "cspr.settings", **s3.env("from-env")}
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "S3Storage env/check.txt" in done.stdout
    assert "from-env/env/check.txt" in s3.object_keys("from-env/")
    bad = {**env, "CSPR_STORAGE": "ftp"}
    refused = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=bad, capture_output=True, text=True, check=False
    )
    assert refused.returncode != 0
    assert "CSPR_STORAGE must be filesystem or s3" in refused.stderr


@pytest.mark.django_db
def test_a_generated_document_version_is_stored_in_the_bucket_and_downloaded(s3_store: S3Server, world: World) -> None:
    from django.urls import reverse

    from cspr.documents import actions as documents
    from cspr.documents.models import GeneratedDocument

    manager = world.user(Role.BUSINESS_MANAGER)
    case = world.cases["own"]
    version = documents.generate_document(
        case=case, document_id="RAPID_REVIEW_TEMPLATE", fmt="docx", acting_user=manager
    )
    stored = GeneratedDocument.objects.get(pk=version.pk)
    assert stored.file.name == f"documents/{case.pk}/{stored.sha256}.docx"
    assert bytes(stored.stored_bytes) == b""  # not in the database
    key = f"{default_storage.location}/{stored.file.name}"  # type: ignore[attr-defined]
    assert key in s3_store.object_keys()
    data = s3_store.client().get_object(Bucket=s3_store.bucket, Key=key)["Body"].read()
    assert hashlib.sha256(data).hexdigest() == stored.sha256 == hashlib.sha256(stored.content).hexdigest()
    url = reverse("documents:download", kwargs={"reference": case.reference, "pk": stored.pk})
    response = _signed_in(manager).get(url)
    assert response.status_code == 200
    assert response.content == data
