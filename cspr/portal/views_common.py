"""Pieces the agency and coordinator pages share: the letter, answers as rows, downloads."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse

from cspr.accounts.models import User
from cspr.audit import log as audit
from cspr.portal import scoping, word_return
from cspr.portal.models import CORRECTABLE_FIELDS, InformationRequest, Upload
from cspr.ui.formatting import format_date

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def the_user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def letter_paragraphs(info: InformationRequest) -> dict[str, Any]:
    """Document 2a, filled in: date, the asks, the concrete submission date (rule 22), contact."""
    partnership = info.case.lead_partnership
    contact = ", ".join(x for x in (partnership.contact_email, partnership.contact_phone) if x)
    return {
        "date": format_date(info.sent_at),
        "title": "Child Safeguarding Practice Review – Initial Scoping and Information Sharing",
        "opening": scoping.LETTER_OPENING,
        "asks": scoping.LETTER_ASKS,
        "no_involvement": scoping.LETTER_NO_INVOLVEMENT,
        "deadline": scoping.LETTER_DEADLINE.format(due=format_date(info.due_date)),
        "contact": f"If you require any further information please contact {partnership.name}"
        + (f" ({contact})." if contact else "."),
        "signature": [partnership.signature_name, partnership.signature_role, partnership.name],
    }


def build_letter(info: InformationRequest, *, acting_user: User) -> bytes:
    """Document 2a through the documents engine (SCOPING_LETTER), addressed to the agency, stored as a version
    tied to it; the return date is the one the case shows (rule 22)."""
    from cspr.documents import portal as documents_portal

    generated = documents_portal.render_for_request(
        case=info.case, agency=info.agency, document_id="SCOPING_LETTER", acting_user=acting_user
    )
    return bytes(generated.content)


def request_context(info: InformationRequest) -> dict[str, Any]:
    return {
        "info": info,
        "case": info.case,
        "people": list(info.case.people.all()),
        "letter": letter_paragraphs(info),
        "overdue": info.is_overdue(),
    }


def answer_rows(info: InformationRequest) -> dict[str, Any]:
    """The return as label/value rows, and the family-detail changes the agency proposes."""
    answers: dict[str, Any] = info.answers if isinstance(info.answers, dict) else {}
    contact = [(q.label, answers.get(q.key, "")) for q in scoping.CONTACT]
    questions = [(q.label, q.text, answers.get(q.key, "")) for q in scoping.QUESTIONS]
    family = answers.get("family", {})
    changes = []
    for person in info.case.people.all():
        given = family.get(str(person.pk), {})
        for field, label in CORRECTABLE_FIELDS.items():
            proposed = (given.get(field) or "").strip()
            current = (getattr(person, field) or "").strip()
            if proposed and proposed != current:
                changes.append({"person": person, "label": label, "current": current, "proposed": proposed})
    return {
        "contact": contact,
        "questions": questions,
        "changes": changes,
        "tracker": list(info.learning_actions.all()),
        "has_any": any(str(v).strip() for k, v in answers.items() if k not in {"family", "records"}),
    }


def _attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def document_response(user: User, info: InformationRequest, kind: str) -> HttpResponse:
    if kind == "letter":
        data, name = build_letter(info, acting_user=user), f"{info.case.reference}-document-2a-letter.docx"
    elif kind == "form":
        data, name = word_return.build_template(info), f"{info.case.reference}-document-2-scoping-R{info.pk}.docx"
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
