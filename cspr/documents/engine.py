"""Render one catalogue document for a case as DOCX, or as PDF converted from that same DOCX."""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import tempfile
import uuid
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings

from cspr.cases.models import Case, Person
from cspr.documents import catalogue, context, markup, pdfclient
from cspr.documents.catalogue import DocStage, DocumentSpec
from cspr.documents.docx_render import Rendered, render_docx

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIME = {"docx": DOCX_MIME, "pdf": "application/pdf", "zip": "application/zip"}
# Tagged (accessible) PDF, as stack.md recommends.
PDF_FILTER = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
CONVERT_TIMEOUT_SECONDS = 120
logger = logging.getLogger(__name__)


class ConversionError(RuntimeError):
    pass


def context_for(spec: DocumentSpec, case: Case, *, person: Person | None = None, agency: Any = None) -> dict[str, Any]:
    """The typed context of one document: only the providers it names run (``spec.contexts``)."""
    ctx = context.build_context(case, spec.contexts)
    if "addressee" in spec.contexts:
        if spec.id == "FAMILY_LETTER" and person is None:
            person = context.default_family_addressee(case)
        context.address(ctx, case, person=person, agency=agency)
    return ctx


def render_checked(spec: DocumentSpec, case: Case, *, person: Person | None = None, agency: Any = None) -> Rendered:
    """The DOCX with the ``[insert …]`` placeholders left in it (where the record lacks what the toolkit expects)."""
    ctx = context_for(spec, case, person=person, agency=agency)
    return render_docx(
        markup.load(spec.content_name),
        ctx,
        title=f"{spec.title} – {case.reference}",
        footer=f"{case.lead_partnership.name} · {spec.footer} · {case.reference}",
        author=case.lead_partnership.name,
        allow_genogram=not spec.publishable,
    )


def render_docx_for(spec: DocumentSpec, case: Case, *, person: Person | None = None, agency: Any = None) -> bytes:
    return render_checked(spec, case, person=person, agency=agency).data


def docx_to_pdf(data: bytes) -> bytes:
    """The PDF of a DOCX: from the long-running converter when it runs, else a one-shot LibreOffice."""
    socket_path = Path(settings.PDF_CONVERTER_SOCKET)
    if socket_path.exists():
        try:
            return pdfclient.convert(data, socket_path, timeout=CONVERT_TIMEOUT_SECONDS)
        except pdfclient.ConverterUnavailable:
            logger.warning("PDF converter not answering on its socket; converting with a one-shot LibreOffice")
        except pdfclient.ConverterFailed as error:
            raise ConversionError(str(error)) from error
    return docx_to_pdf_one_shot(data)


def docx_to_pdf_one_shot(data: bytes) -> bytes:
    """Convert with a new LibreOffice headless (1–2 s of start-up), with its own profile so several can run."""
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
    if not spec.toolkit:
        return f"{case.reference}_{spec.id}.{fmt}"
    number = spec.appendix_number.replace(" ", "-")
    return f"{case.reference}_{number}_{spec.id}.{fmt}"


def render_pack(stage: DocStage, case: Case, fmt: str = "docx") -> bytes:
    """A zip of every document of one toolkit stage."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for spec in catalogue.for_stage(stage):
            data = render_docx_for(spec, case)
            if fmt == "pdf":
                data = docx_to_pdf(data)
            archive.writestr(filename(spec, case, fmt), data)
    return out.getvalue()


def placeholders(document_ids: list[str], case: Case) -> dict[str, list[str]]:
    """Per document, the placeholders a rendering for ``case`` would still carry (empty lists omitted)."""
    found = {}
    for document_id in document_ids:
        left = render_checked(catalogue.get(document_id), case).placeholders
        if left:
            found[document_id] = list(dict.fromkeys(left))
    return found


def text_of(data: bytes) -> list[str]:
    """The paragraphs of a DOCX as plain text, table cells included, in document order (pack preview)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = list(dict.fromkeys(cell.text.strip() for cell in row.cells))  # merged cells repeat
                lines.append(" | ".join(c for c in cells if c))
    return [line for line in lines if line.strip()]


def preview(document_ids: list[str], case: Case) -> list[dict[str, Any]]:
    """What a pack would carry, for checking before it is sent: each document's text and its placeholders."""
    found = []
    for document_id in document_ids:
        spec = catalogue.get(document_id)
        rendered = render_checked(spec, case)
        found.append(
            {
                "spec": spec,
                "lines": text_of(rendered.data),
                "placeholders": list(dict.fromkeys(rendered.placeholders)),
            }
        )
    return found
