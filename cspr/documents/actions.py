"""Generating documents: each generation is an audited action that stores a new version."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.db.models import Max
from django.utils import timezone

from cspr.audit import log as audit
from cspr.cases.models import Case
from cspr.cases.transitions import case_action, not_closed, register_action
from cspr.documents import catalogue, engine
from cspr.documents.catalogue import DocStage
from cspr.documents.models import Format, GeneratedDocument

if TYPE_CHECKING:
    from cspr.accounts.models import User
    from cspr.organisations.models import Agency


# A closed case keeps the versions it has; new ones are not generated.
register_action("documents.generate", allowed=not_closed)


def _store(
    *,
    case: Case,
    document_id: str,
    fmt: str,
    data: bytes,
    filename: str,
    acting_user: User | None,
    agency: Agency | None = None,
) -> GeneratedDocument:
    # The locked case row keeps two simultaneous generations from taking the same version number.
    with case_action(case, "documents.generate", acting_user=acting_user):
        last = GeneratedDocument.objects.filter(case=case, document_id=document_id, format=fmt).aggregate(
            n=Max("number")
        )["n"]
        generated = GeneratedDocument.objects.create(
            case=case,
            document_id=document_id,
            format=fmt,
            number=(last or 0) + 1,
            content=data,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            filename=filename,
            generated_by=acting_user,
            generated_at=timezone.now(),
            case_version=case.version,
            agency=agency,
        )
        audit.record(
            actor=acting_user,
            action="documents.generate",
            obj=generated,
            case=case,
            after={"document": document_id, "format": fmt, "version": generated.number, "sha256": generated.sha256},
            detail={"label": filename},
        )
    return generated


def generate_document(
    *, case: Case, document_id: str, fmt: str, acting_user: User | None, agency: Agency | None = None, **kwargs: Any
) -> GeneratedDocument:
    """Render (outside the transaction: a PDF takes a second or two) and store a new version."""
    spec = catalogue.get(document_id)
    if fmt not in {Format.DOCX, Format.PDF}:
        raise ValueError(f"Unknown format {fmt!r}")
    data = engine.render(spec.id, case, fmt, agency=agency, **kwargs)
    return _store(
        case=case,
        document_id=spec.id,
        fmt=fmt,
        data=data,
        filename=engine.filename(spec, case, fmt),
        acting_user=acting_user,
        agency=agency,
    )


def generate_pack(*, case: Case, stage: DocStage, acting_user: User | None) -> GeneratedDocument:
    data = engine.render_pack(stage, case)
    return _store(
        case=case,
        document_id=f"PACK:{stage.value}",
        fmt=Format.ZIP,
        data=data,
        filename=f"{case.reference}_{stage.value}_pack.zip",
        acting_user=acting_user,
    )
