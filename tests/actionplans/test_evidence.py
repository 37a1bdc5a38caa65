"""Evidence files the partnership attaches to an action: checked by content (``cspr.filesafety``),
a hostile file refused with no row or file left, downloads only (never inline), access-logged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.actionplans.models import EvidenceFile
from cspr.audit.models import AuditEvent
from tests.actionplans.helpers import add_action, client_for, plan_case
from tests.portal.corpus import macro_document, plain_docx
from tests.world import World

pytestmark = pytest.mark.django_db


def test_an_evidence_file_is_checked_stored_and_only_downloaded(world: World, settings: Any) -> None:
    case = plan_case(world)
    action = add_action(world, case)
    manager = client_for(world.user(Role.BUSINESS_MANAGER))
    url = reverse("actionplans:evidence", args=[case.reference, action.number])
    refused = manager.post(url, {"file": SimpleUploadedFile("evil.docx", macro_document())})
    assert refused.status_code == 400
    assert not EvidenceFile.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not (media / "actionplans").exists() or not any((media / "actionplans").rglob("*.*"))
    assert manager.post(url, {"file": SimpleUploadedFile("audit.docx", plain_docx())}).status_code == 302
    stored = EvidenceFile.objects.get()
    assert (stored.original_name, stored.uploaded_by) == ("audit.docx", world.user(Role.BUSINESS_MANAGER))
    page = manager.get(reverse("actionplans:action", args=[case.reference, action.number])).content.decode()
    assert "audit.docx" in page
    download = reverse("actionplans:evidence_download", args=[case.reference, action.number, stored.pk])
    response = manager.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(object_type="EvidenceFile", object_id=str(stored.pk)).exists()
    # Read-only users download but cannot attach; another partnership gets 404.
    scrutineer = client_for(world.user(Role.SCRUTINEER))
    assert scrutineer.get(download).status_code == 200
    assert scrutineer.post(url, {"file": SimpleUploadedFile("a.docx", plain_docx())}).status_code == 403
    assert client_for(world.away_manager).get(download).status_code == 404
    assert EvidenceFile.objects.count() == 1
