"""Every place a person can upload a file, driven through the real pages with Django's test client.

Shared by ``tests/security/test_corpus.py`` (every hostile sample refused, nothing stored) and the
``upload_corpus`` benchmark (the web time of each sample at each point).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.chronology.models import ChronologyEntry, ChronologyImport
from cspr.organisations.forms import PartnershipSettingsForm
from cspr.organisations.models import Partnership
from cspr.portal.models import InformationRequest, Upload
from cspr.report.models import Draft
from tests.portal.conftest import NOW, add_family, send_to_own_agency
from tests.security import corpus
from tests.security.corpus import Sample
from tests.world import World

LOGO_LIMIT = 1024 * 1024


@dataclass
class Stage:
    """What the points need: a request sent to the agency, and signed-in clients."""

    world: World
    request: InformationRequest
    agency: Client
    manager: Client
    admin: Client


def prepare(world: World) -> Stage:
    add_family(world)
    with time_machine.travel(NOW):
        request = send_to_own_agency(world)
    clients = []
    for user in (world.agency_users["own"], world.user(Role.BUSINESS_MANAGER), world.user(Role.PARTNERSHIP_ADMIN)):
        client = Client()
        client.force_login(user)
        clients.append(client)
    stage = Stage(world, request, *clients)
    # The agency's first visit opens the request (a state change of its own, before any upload).
    stage.agency.get(reverse("portal:upload", args=[request.pk]))
    return stage


def _file(data: bytes, name: str, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def attachment(stage: Stage, data: bytes) -> Any:
    return stage.agency.post(
        reverse("portal:upload", args=[stage.request.pk]),
        {"kind": "attachment", "file": _file(data, "supporting.pdf", "application/pdf")},
    )


def word_return(stage: Stage, data: bytes) -> Any:
    return stage.agency.post(
        reverse("portal:upload", args=[stage.request.pk]),
        {"kind": "word_return", "file": _file(data, "scoping-return.docx", "application/octet-stream")},
    )


def chronology_import(stage: Stage, data: bytes) -> Any:
    case = stage.world.cases["own"]
    return stage.manager.post(
        f"/chronology/{case.reference}/upload/",
        {"agency": stage.world.agencies["own"].pk, "file": _file(data, "chronology.xlsx", "application/octet-stream")},
    )


def _settings_form(partnership: Partnership) -> dict[str, Any]:
    form = PartnershipSettingsForm(instance=partnership)
    values: dict[str, Any] = {}
    for name in form.Meta.fields:
        value = form.initial.get(name)
        values[name] = "" if value is None else value
    values["version"] = partnership.version
    return values


def logo(stage: Stage, data: bytes) -> Any:
    partnership = Partnership.objects.get(pk=stage.world.home.pk)
    return stage.admin.post(
        "/partnership/edit/", {**_settings_form(partnership), "logo_upload": _file(data, "logo.png", "image/png")}
    )


def report_draft(stage: Stage, data: bytes) -> Any:
    case = stage.world.cases["own"]
    Case.objects.filter(pk=case.pk, lcspr_commissioned_date__isnull=True).update(lcspr_commissioned_date=NOW.date())
    return stage.manager.post(
        reverse("report:upload", args=[case.reference]),
        {"file": _file(data, "report-draft.docx", "application/octet-stream")},
    )


def expected(point: str, sample: Sample, data: bytes) -> str:
    """The message (or part of it) the person sees at this point for this sample."""
    if sample.kind == "other" and sample.message == "empty":
        return "empty"  # Django's own "The submitted file is empty", before our checks
    if point == "logo":
        return "smaller than 1 MB" if len(data) > LOGO_LIMIT else "The logo must be a PNG or JPEG image"
    if point in {"word_return", "report_draft"} and sample.kind in {"pdf", "xlsx"}:
        return "The selected file must be a Word (.docx) file"
    if point == "chronology_import" and sample.make is corpus.zip_bomb_spread:
        return "too large inside to be a chronology"  # the import's own total, checked first
    if point == "chronology_import" and sample.kind == "pdf":
        return "The file must be a Word document (.docx) or an Excel spreadsheet (.xlsx)"
    return sample.message


POINTS: dict[str, Callable[[Stage, bytes], Any]] = {
    "attachment": attachment,
    "word_return": word_return,
    "chronology_import": chronology_import,
    "logo": logo,
    "report_draft": report_draft,
}


def stored(stage: Stage, files: Path) -> dict[str, Any]:
    """Everything an upload could leave behind: files, rows, and the records it could change."""
    request = InformationRequest.objects.get(pk=stage.request.pk)
    partnership = Partnership.objects.get(pk=stage.world.home.pk)
    return {
        "files": sorted(str(p.relative_to(files)) for p in files.rglob("*") if p.is_file()),
        "uploads": Upload.objects.count(),
        "imports": ChronologyImport.objects.count(),
        "entries": ChronologyEntry.objects.count(),
        "report_drafts": Draft.objects.count(),
        "request": (request.state, request.version, request.answers, request.learning_actions.count()),
        "logo": (partnership.logo.name, partnership.version),
    }
