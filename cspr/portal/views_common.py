"""Pieces the agency and coordinator pages share: the letter, answers as rows, downloads."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse

from cspr.accounts.models import User
from cspr.audit import log as audit
from cspr.cases.models import Person
from cspr.portal.kinds.registry import kind_for
from cspr.portal.models import InformationRequest, Upload

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def the_user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def build_letter(info: InformationRequest, *, acting_user: User | None = None) -> bytes:
    """Document 2a through the documents engine (SCOPING_LETTER), addressed to the agency and stored as a
    version tied to it; the return date is the one the case shows (rule 22)."""
    from cspr.documents import portal as documents_portal

    generated = documents_portal.render_for_request(
        case=info.case, agency=info.agency, document_id="SCOPING_LETTER", acting_user=acting_user
    )
    return bytes(generated.content)


def letter_paragraphs(info: InformationRequest) -> dict[str, Any]:
    """The request kind's letter as the request page shows it (Document 2a for scoping)."""
    kind = kind_for(info)
    return (kind.letter(info) if kind is not None else None) or {}


def request_context(info: InformationRequest) -> dict[str, Any]:
    from cspr.documents import catalogue

    kind = kind_for(info)
    # The page, the letter and the answers each list the family and the learning actions: read
    # once. The people without their model's leading "case" order, which joins the cases table.
    prefetch_related_objects([info.case], Prefetch("people", Person.objects.order_by("role", "date_of_birth", "id")))
    prefetch_related_objects([info], "learning_actions")
    return {
        "enclosures": [catalogue.get(e) for e in kind.enclosures] if kind is not None else [],
        "info": info,
        "case": info.case,
        "kind": kind,
        "people": list(info.case.people.all()),
        "letter": kind.letter(info) if kind is not None else None,
        "overdue": info.is_overdue(),
    }


def answer_rows(info: InformationRequest) -> dict[str, Any]:
    """What the kind's ``answers_template`` shows of the return."""
    kind = kind_for(info)
    return kind.answers_context(info) if kind is not None else {"has_any": False}


def answers_template(info: InformationRequest) -> str:
    kind = kind_for(info)
    return kind.answers_template if kind is not None else "portal/kinds/_answers.html"


def _attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def document_response(user: User, info: InformationRequest, kind: str) -> HttpResponse:
    """The request kind's letter (``kind="letter"``) or its fillable return (``kind="form"``)."""
    request_kind = kind_for(info)
    if request_kind is None:
        raise Http404("No such document.")
    letter = request_kind.build_letter(info) if kind == "letter" else None
    form = request_kind.word_form if kind == "form" else None
    enclosure = next((e for e in request_kind.enclosures if e.lower() == kind), None)
    if letter is not None:
        data, name = letter, request_kind.letter_filename(info)
    elif enclosure is not None:
        # The guidance and the toolkit's own template sent with the request, addressed to the agency.
        from cspr.portal.kinds.lcspr import build_catalogue_letter

        data, name = build_catalogue_letter(info, enclosure), f"{info.case.reference}-{kind}-R{info.pk}.docx"
    elif form is not None:
        data, name = form.build(info), form.filename(info)
    else:
        raise Http404("No such document.")
    audit.log_access(actor=user, what="document", case=info.case, obj=info, detail={"label": name})
    return _attachment(data, name, DOCX)


def file_response(user: User, upload: Upload) -> FileResponse:
    """Uploaded files are only ever downloaded, never shown inline, and never sniffed."""
    audit.log_access(
        actor=user,
        what="document",
        case=upload.request.case,
        obj=upload,
        detail={"label": f"upload {upload.sha256[:12]}"},
    )
    extension = (upload.file.name or "").rsplit(".", 1)[-1]
    response = FileResponse(
        upload.file.open("rb"),
        as_attachment=True,
        filename=f"{upload.request.case.reference}-upload-{upload.pk}.{extension}",
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
