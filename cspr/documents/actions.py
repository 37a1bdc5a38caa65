"""Generating documents: each generation is an audited action that stores a new version."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.db.models import Max, Q
from django.utils import timezone

from cspr.audit import log as audit
from cspr.audit.models import AuditEvent, EventKind
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
        generated = GeneratedDocument(
            case=case,
            document_id=document_id,
            format=fmt,
            number=(last or 0) + 1,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            filename=filename,
            generated_by=acting_user,
            generated_at=timezone.now(),
            case_version=case.version,
            agency=agency,
        )
        generated.content = data  # into the document store when the row is saved
        generated.save(force_insert=True)
        audit.record(
            actor=acting_user,
            action="documents.generate",
            obj=generated,
            case=case,
            after={"document": document_id, "format": fmt, "version": generated.number, "sha256": generated.sha256},
            detail={"label": filename},
        )
    return generated


def stored_unchanged(case: Case, document_id: str, fmt: str, agency: Agency | None = None) -> GeneratedDocument | None:
    """The latest stored version if nothing it was made from has changed since; else None.

    Unchanged means: made today (letters carry today's date), from the case's current version, and
    no action recorded since on the case or on its partnership's settings (every change of the record
    is an audited action: Document 4's record, people, agencies' returns, attendance…).
    """
    latest = (
        GeneratedDocument.objects.filter(case=case, document_id=document_id, format=fmt, agency=agency)
        .defer("stored_bytes")
        .order_by("-number")
        .first()
    )
    if latest is None or latest.case_version != case.version:
        return None
    if timezone.localdate(latest.generated_at) != timezone.localdate():
        return None
    made = (
        AuditEvent.objects.filter(
            case_id=case.pk, kind=EventKind.ACTION, action="documents.generate", object_id=str(latest.pk)
        )
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    if made is None:
        return None
    changed = (
        AuditEvent.objects.filter(kind=EventKind.ACTION, id__gt=made)
        .filter(Q(case_id=case.pk) | Q(case_id__isnull=True, partnership_id=case.lead_partnership_id))
        .exclude(action="documents.generate")
        .exists()
    )
    return None if changed else latest


def generate_document(
    *, case: Case, document_id: str, fmt: str, acting_user: User | None, agency: Agency | None = None, **kwargs: Any
) -> GeneratedDocument:
    """The stored version if the record has not changed since it was made (a download renders and
    stores nothing then); otherwise render (outside the transaction: a PDF takes a moment) and store a new one."""
    spec = catalogue.get(document_id)
    if fmt not in {Format.DOCX, Format.PDF}:
        raise ValueError(f"Unknown format {fmt!r}")
    if not kwargs and (stored := stored_unchanged(case, spec.id, fmt, agency)) is not None:
        return stored
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
