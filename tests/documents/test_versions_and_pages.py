"""Versions, downloads, access, the case section, the pack, the portal hook and the command."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.cases.models import Case
from cspr.documents import actions, catalogue, portal
from cspr.documents.models import GeneratedDocument
from tests.documents.helpers import docx_text
from tests.world import World

pytestmark = pytest.mark.django_db


def _client(world: World, role: Role) -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


def test_generate_stores_versions_and_download_is_logged(world: World, case: Case) -> None:
    client = _client(world, Role.BUSINESS_MANAGER)
    url = reverse("documents:generate", args=[case.reference, "RAPID_REVIEW_TEMPLATE", "docx"])
    first = client.post(url)
    assert first.status_code == 200  # the file itself
    case.version = 7
    case.save()
    second = client.post(url)
    versions = list(GeneratedDocument.objects.filter(case=case, document_id="RAPID_REVIEW_TEMPLATE").order_by("number"))
    assert [v.number for v in versions] == [1, 2]  # regenerating keeps the earlier version
    assert [v.case_version for v in versions] == [1, 7]
    assert all(v.sha256 == hashlib.sha256(bytes(v.content)).hexdigest() for v in versions)
    assert versions[0].generated_by is not None
    assert AuditEvent.objects.filter(action="documents.generate", case_id=case.pk).count() == 2

    # The button hands over the new version; its own address serves it again.
    assert second["Content-Disposition"] == 'attachment; filename="HOME-2026-001_4_RAPID_REVIEW_TEMPLATE.docx"'
    assert second.content == bytes(versions[1].content)
    response = client.get(reverse("documents:download", args=[case.reference, versions[1].pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="HOME-2026-001_4_RAPID_REVIEW_TEMPLATE.docx"'
    assert b"".join(response) == bytes(versions[1].content)
    assert "Ayla Brightwater" in docx_text(bytes(versions[1].content))
    logged = AuditEvent.objects.filter(action="read.document", case_id=case.pk).last()
    assert logged is not None
    assert logged.detail["sha256"] == versions[1].sha256


def test_outsiders_and_readers(world: World, case: Case) -> None:
    actions.generate_document(case=case, document_id="SCOPING_LETTER", fmt="docx", acting_user=None)
    version = GeneratedDocument.objects.get(case=case)
    download = reverse("documents:download", args=[case.reference, version.pk])
    assert _client(world, Role.AGENCY_LEAD).get(download).status_code == 404
    outsider = Client()
    outsider.force_login(world.away_manager)
    assert outsider.get(download).status_code == 404
    # Someone who reads the other case cannot fetch this case's version through it.
    other = reverse("documents:download", args=[world.cases["collab"].reference, version.pk])
    assert _client(world, Role.BUSINESS_MANAGER).get(other).status_code == 404


def test_unknown_document_or_format_is_404(world: World, case: Case) -> None:
    client = _client(world, Role.BUSINESS_MANAGER)
    assert client.post(reverse("documents:generate", args=[case.reference, "NOPE", "docx"])).status_code == 404
    assert client.post(reverse("documents:generate", args=[case.reference, "ACTION_PLAN", "odt"])).status_code == 404
    assert client.post(reverse("documents:pack", args=[case.reference, "nope"])).status_code == 404


def test_rapid_review_pack_download(world: World, case: Case) -> None:
    client = _client(world, Role.BUSINESS_MANAGER)
    response = client.post(reverse("documents:pack", args=[case.reference, "rapid_review"]))
    assert response.status_code == 302
    data = b"".join(client.get(response["Location"]))
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert len(archive.namelist()) == 9
    for name in archive.namelist():
        docx.Document(io.BytesIO(archive.read(name)))


def test_case_page_lists_the_stage_documents(world: World, case: Case, django_assert_max_num_queries: Any) -> None:
    client = _client(world, Role.BUSINESS_MANAGER)
    # A submitted Rapid Review (the full case's agreed terms of reference would put it in the LCSPR stage).
    Case.objects.filter(pk=case.pk).update(terms_of_reference_agreed_date=None)
    case.refresh_from_db()
    actions.generate_document(case=case, document_id="RAPID_REVIEW_TEMPLATE", fmt="docx", acting_user=None)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Download Word" in page
    assert "Download the Rapid Review pack" in page
    assert "Latest version (1 version in all)" in page  # the case page: latest only (issue 15)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("documents:case", args=[case.reference])).content.decode()
    for spec in catalogue.DOCUMENTS:
        assert spec.title.replace("’", "&#8217;") in page or spec.title in page


def test_portal_hook_addresses_agency_documents_only(world: World, case: Case) -> None:
    agency = world.agencies["own"]
    agency.safeguarding_lead_name = "Sally Lead"
    agency.save()
    version = portal.render_for_request(
        case=case, agency=agency, document_id="SCOPING_LETTER", acting_user=world.agency_users["own"]
    )
    text = docx_text(bytes(version.content))
    assert "Dear Sally Lead," in text
    assert "Home Test School" in text
    assert portal.versions_for_agency(case, agency) == [version]
    with pytest.raises(PermissionDenied):
        portal.render_for_request(case=case, agency=agency, document_id="RAPID_REVIEW_TEMPLATE", acting_user=None)
    with pytest.raises(PermissionDenied):
        portal.render_for_request(
            case=case, agency=world.agencies["away"], document_id="SCOPING_LETTER", acting_user=None
        )
    # The agency's copy is not on the partnership's list, nor downloadable through the case pages.
    client = _client(world, Role.BUSINESS_MANAGER)
    assert client.get(reverse("documents:download", args=[case.reference, version.pk])).status_code == 404


def test_command_lists_and_writes(case: Case, tmp_path: Path, capsys: Any) -> None:
    call_command("render_document", "--list")
    out = capsys.readouterr().out
    for spec in catalogue.DOCUMENTS:
        assert spec.id in out
        assert spec.title in out
    assert "TERMS_OF_REFERENCE" in out
    line = next(line for line in out.splitlines() if line.startswith("TERMS_OF_REFERENCE"))
    assert "list 7" in line
    assert "text 6" in line
    target = tmp_path / "doc4.docx"
    call_command(
        "render_document",
        "RAPID_REVIEW_TEMPLATE",
        "--case",
        case.reference,
        "--format",
        "docx",
        "--output",
        str(target),
    )
    assert "Ayla Brightwater" in docx_text(target.read_bytes())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["NOPE", "--case", "HOME-2026-001", "--output", "/tmp/x.docx"], "Unknown document identifier"),
        (["ACTION_PLAN", "--case", "NO-SUCH", "--output", "/tmp/x.docx"], "No case with reference"),
    ],
)
def test_command_exits_2(case: Case, capsys: Any, args: list[str], message: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        call_command("render_document", *args)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
