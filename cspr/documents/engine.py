"""Render one catalogue document for a case as DOCX, or as PDF converted from that same DOCX."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import uuid
import zipfile
from pathlib import Path
from typing import Any

from cspr.cases.models import Case, Person
from cspr.documents import catalogue, context, markup
from cspr.documents.catalogue import DocStage, DocumentSpec
from cspr.documents.docx_render import render_docx

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIME = {"docx": DOCX_MIME, "pdf": "application/pdf", "zip": "application/zip"}
# Tagged (accessible) PDF, as stack.md recommends.
PDF_FILTER = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
CONVERT_TIMEOUT_SECONDS = 120


class ConversionError(RuntimeError):
    pass


def render_docx_for(
    spec: DocumentSpec,
    case: Case,
    *,
    ctx: dict[str, Any] | None = None,
    person: Person | None = None,
    agency: Any = None,
) -> bytes:
    ctx = dict(ctx) if ctx is not None else context.build_context(case)
    if spec.id == "FAMILY_LETTER" and person is None:
        person = context.default_family_addressee(case)
    context.addressee(ctx, person=person, agency=agency)
    partnership = ctx.get("partnership_name") or ""
    return render_docx(
        markup.load(spec.content_name),
        ctx,
        title=f"{spec.title} – {case.reference}",
        footer=f"{partnership} · {spec.footer} · {case.reference}",
        allow_genogram=not spec.publishable,
    )


def docx_to_pdf(data: bytes) -> bytes:
    """Convert with LibreOffice headless, each conversion with its own profile so they can run at once."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ConversionError("LibreOffice (soffice) is not installed.")
    with tempfile.TemporaryDirectory(prefix="cspr_doc_") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(data)
        profile = folder / f"lo_{uuid.uuid4().hex}"
        result = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                PDF_FILTER,
                "--outdir",
                str(folder),
                str(source),
            ],
            capture_output=True,
            timeout=CONVERT_TIMEOUT_SECONDS,
            check=False,
        )
        target = folder / "document.pdf"
        if result.returncode != 0 or not target.exists():
            raise ConversionError(f"LibreOffice could not convert the document: {result.stderr.decode()[:300]}")
        return target.read_bytes()


def render(document_id: str, case: Case, fmt: str = "docx", **kwargs: Any) -> bytes:
    spec = catalogue.get(document_id)
    data = render_docx_for(spec, case, **kwargs)
    if fmt == "pdf":
        return docx_to_pdf(data)
    if fmt != "docx":
        raise ValueError(f"Unknown format {fmt!r}")
    return data


def filename(spec: DocumentSpec, case: Case, fmt: str) -> str:
    """No personal data in file names: the numbers, the identifier and the case reference."""
    number = spec.appendix_number.replace(" ", "-")
    return f"{case.reference}_{number}_{spec.id}.{fmt}"


def render_pack(stage: DocStage, case: Case, fmt: str = "docx") -> bytes:
    """A zip of every document of one toolkit stage, all built from one context."""
    ctx = context.build_context(case)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for spec in catalogue.for_stage(stage):
            data = render_docx_for(spec, case, ctx=ctx)
            if fmt == "pdf":
                data = docx_to_pdf(data)
            archive.writestr(filename(spec, case, fmt), data)
    return out.getvalue()


ALIASES = {"RAPID_REVIEW_COVER_LETTER": "RAPID_REVIEW_SUBMISSION_LETTER"}


def render_for_attachment(case: Case, identifier: str, fmt: str = "docx") -> tuple[str, str, bytes]:
    """``(filename, content type, bytes)`` for an email attachment (the Rapid Review submission pack).

    Not yet picked up by ``cspr.rapidreview.pack``'s seam (it looks for ``cspr.documents.render``), whose
    tests still expect its plain-text fallback; the lead can point the seam here when merging.
    """
    spec = catalogue.get(ALIASES.get(identifier, identifier))
    return filename(spec, case, fmt), MIME[fmt], render(spec.id, case, fmt)
