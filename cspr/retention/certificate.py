"""The destruction certificate as a Word document (and a PDF of it through the documents' converter)."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone

from cspr.retention.models import DestructionCertificate


def _when(value: dt.date) -> str:
    from cspr.ui.formatting import format_date

    return format_date(value)


def docx(certificate: DestructionCertificate) -> bytes:
    from cspr.documents.ooxml import new_document

    document = new_document()
    document.add_heading(f"Destruction certificate {certificate.number}", level=1)
    document.add_paragraph(
        "This certificate records the destruction of records held by the safeguarding partnership after "
        "their retention period ended and a recorded decision authorised it. The audit trail keeps the "
        "record of the destruction; it was not destroyed."
    )
    rows = [
        ("Partnership", certificate.partnership.name),
        ("Case reference", certificate.case_reference),
        ("Record class", certificate.record_class_label),
        ("Retention period ended", _when(certificate.period_ended_on)),
        ("Reason", certificate.reason),
        ("Authorised by", certificate.authorised_by_label.split(" <")[0]),
        ("Authorised on", _when(timezone.localtime(certificate.authorised_at).date())),
        ("Destroyed by", certificate.destroyed_by_label.split(" <")[0]),
        ("Destroyed on", _when(timezone.localtime(certificate.destroyed_at).date())),
        ("Rows destroyed", str(certificate.row_total)),
        ("Files destroyed", str(len(certificate.files))),
        ("Audit row (hash)", certificate.audit_hash),
    ]
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    document.add_heading("Rows by kind of record", level=2)
    counts = document.add_table(rows=1, cols=2)
    counts.style = "Table Grid"
    counts.rows[0].cells[0].text, counts.rows[0].cells[1].text = "Kind of record", "Rows"
    for label, n in certificate.rows.items():
        cells = counts.add_row().cells
        cells[0].text, cells[1].text = label, str(n)
    if certificate.files:
        document.add_heading("Files destroyed (SHA-256)", level=2)
        files = document.add_table(rows=1, cols=3)
        files.style = "Table Grid"
        head = files.rows[0].cells
        head[0].text, head[1].text, head[2].text = "File", "Bytes", "SHA-256"
        for item in certificate.files:
            cells = files.add_row().cells
            cells[0].text, cells[1].text, cells[2].text = str(item["name"]), str(item["size"]), str(item["sha256"])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf(certificate: DestructionCertificate) -> bytes:
    from cspr.documents.engine import docx_to_pdf

    return docx_to_pdf(docx(certificate))
