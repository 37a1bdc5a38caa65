"""A corpus of hostile uploads, built in memory so the repository holds no live samples."""

from __future__ import annotations

import io
import zipfile

from docx import Document

DOCX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)


def plain_docx() -> bytes:
    doc = Document()
    doc.add_paragraph("A harmless document.")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def rewrite(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """Copy a zip, replacing or adding entries."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = (replace or {}).get(info.filename, source.read(info.filename))
            target.writestr(info.filename, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A Word-looking file with one entry that inflates ~1000 times (8MB of zeros)."""
    return rewrite(plain_docx(), add={"word/media/padding.bin": b"\0" * (8 * 1024 * 1024)})


def many_entries() -> bytes:
    return rewrite(plain_docx(), add={f"customXml/item{i}.bin": b"x" for i in range(1200)})


def xxe() -> bytes:
    evil = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
    )
    return rewrite(plain_docx(), replace={"word/document.xml": evil})


def billion_laughs() -> bytes:
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b"<lolz>&lol2;</lolz>"
    )
    return rewrite(plain_docx(), add={"customXml/evil1.xml": evil})


def macro_document() -> bytes:
    data = plain_docx()
    types = (
        zipfile.ZipFile(io.BytesIO(data))
        .read("[Content_Types].xml")
        .replace(b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
    )
    return rewrite(data, replace={"[Content_Types].xml": types}, add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})


def mislabelled_executable() -> bytes:
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
        + b"\x00" * 200
        + b"This program cannot be run in DOS mode."
    )


def oversized() -> bytes:
    return b"PK\x03\x04" + b"\x01" * (11 * 1024 * 1024)


def encrypted_office() -> bytes:
    """Password-protected Office files are OLE compound files, whatever their extension."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024 + "EncryptedPackage".encode("utf-16-le")


def pdf_with_javascript() -> bytes:
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n%%EOF"


def plain_pdf() -> bytes:
    """A real one-page PDF: the check parses PDFs, so a file with no cross-reference table is refused."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Date", "Event"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
