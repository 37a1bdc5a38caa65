"""Case document pages: generate (POST, audited, stores a version) and download (GET a stored version)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cspr.access import Access, case_access, get_case_for_user
from cspr.accounts.models import User
from cspr.audit import log as audit
from cspr.cases.models import Case, Stage
from cspr.cases.sections import CaseSection
from cspr.documents import actions, catalogue, engine
from cspr.documents.catalogue import DocStage
from cspr.documents.models import GeneratedDocument

CASE_STAGE_TO_DOC_STAGE = {
    Stage.REFERRAL: DocStage.RAPID_REVIEW,
    Stage.SCOPING: DocStage.RAPID_REVIEW,
    Stage.MEETING: DocStage.RAPID_REVIEW,
    Stage.RATIFICATION: DocStage.RAPID_REVIEW,
    Stage.SUBMITTED: DocStage.RAPID_REVIEW,
    Stage.LCSPR: DocStage.METHODOLOGY,
    Stage.PUBLICATION: DocStage.REPORT,
    Stage.EMBEDDING: DocStage.EMBEDDING,
    Stage.CLOSED: DocStage.EMBEDDING,
}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _groups(case: Case, stages: list[DocStage], *, latest_only: bool = False) -> list[dict[str, Any]]:
    """Documents per stage with their stored versions, newest first.

    ``latest_only`` (the case page): only the latest version of each document in each format, and
    how many there are in all, in two queries however many versions the case has stored."""
    stored = GeneratedDocument.objects.filter(case=case, agency__isnull=True)
    counts: dict[str, int] = {}
    if latest_only:
        latest_ids = []
        for row in stored.values("document_id", "format").annotate(last=Max("id"), n=Count("id")).order_by():
            latest_ids.append(row["last"])
            counts[row["document_id"]] = counts.get(row["document_id"], 0) + row["n"]
        stored = stored.filter(pk__in=latest_ids)
    versions: dict[str, list[GeneratedDocument]] = defaultdict(list)
    for version in (
        stored.defer("stored_bytes").select_related("generated_by").order_by("document_id", "-generated_at", "-id")
    ):
        versions[version.document_id].append(version)
    return [
        {
            "stage": stage,
            "documents": [
                {"spec": spec, "versions": versions.get(spec.id, []), "count": counts.get(spec.id, 0)}
                for spec in catalogue.for_stage(stage)
            ],
            "packs": versions.get(f"PACK:{stage.value}", []),
            "pack_count": counts.get(f"PACK:{stage.value}", 0),
        }
        for stage in stages
    ]


def case_section(request: HttpRequest, case: Case) -> CaseSection | None:
    user = request.user
    if not isinstance(user, User):
        return None
    stage = CASE_STAGE_TO_DOC_STAGE.get(Stage(case.stage), DocStage.RAPID_REVIEW)
    return CaseSection(
        title="Documents",
        template="documents/section.html",
        context={
            "case": case,
            "groups": _groups(case, [stage], latest_only=True),
            "can_generate": case_access(user, case) >= Access.WRITE,
        },
        order=80,
    )


@login_required
@require_GET
def case_documents(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, reference)
    return render(
        request,
        "documents/case.html",
        {
            "case": case,
            "groups": _groups(case, list(DocStage)),
            "can_generate": case_access(user, case) >= Access.WRITE,
        },
    )


@login_required
@require_POST
def generate(request: HttpRequest, reference: str, document_id: str, fmt: str) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, reference, write=True)
    if document_id.upper() not in catalogue.BY_ID or fmt not in {"docx", "pdf"}:
        raise Http404("No such document.")
    try:
        version = actions.generate_document(case=case, document_id=document_id, fmt=fmt, acting_user=user)
    except engine.ConversionError:
        messages.error(request, "The PDF could not be made. Try again, or download the Word version.")
        return redirect("documents:case", reference=case.reference)
    # The file itself, not a redirect to it: one request fewer for every download (issue 15), and the
    # browser stays on the page the button was on. The version's own address stays for its links.
    return _file(user, case, version)


@login_required
@require_POST
def generate_pack(request: HttpRequest, reference: str, stage: str) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, reference, write=True)
    try:
        doc_stage = DocStage(stage)
    except ValueError:
        raise Http404("No such stage.") from None
    version = actions.generate_pack(case=case, stage=doc_stage, acting_user=user)
    return redirect("documents:download", reference=case.reference, pk=version.pk)


@login_required
@require_GET
def download(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, reference)
    version = GeneratedDocument.objects.filter(case=case, pk=pk, agency__isnull=True).first()
    if version is None:
        raise Http404("No such document.")
    return _file(user, case, version)


def _file(user: User, case: Case, version: GeneratedDocument) -> HttpResponse:
    audit.log_access(
        actor=user,
        what="document",
        case=case,
        obj=version,
        detail={"label": version.filename, "version": version.number, "sha256": version.sha256},
    )
    response = HttpResponse(bytes(version.content), content_type=engine.MIME[version.format])
    response["Content-Disposition"] = f'attachment; filename="{version.filename}"'
    response["Content-Length"] = str(version.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def document_url(case: Case, spec_id: str, fmt: str) -> str:
    return reverse("documents:generate", kwargs={"reference": case.reference, "document_id": spec_id, "fmt": fmt})
