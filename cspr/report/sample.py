"""Build report drafts as raw OOXML: every part a check reads (body, tables, header, footer,
footnotes, comments, tracked changes, document properties), text split across runs where asked.

Used by the demo world (DEMO-8's draft still naming the family, DEMO-9's clean one), the tests and
the bench. python-docx has no API for footnotes, comments with anchors or tracked changes, so the
package is written directly; Word and LibreOffice open it.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
DOC_NS = f'xmlns:w="{W}" xmlns:r="{R}" xmlns:wp="{WP}" xmlns:a="{A}" xmlns:pic="{PIC}"'


INSERTED, DELETED, BOLD = "[ins]", "[del]", "[b]"


@dataclass(frozen=True)
class Para:
    """A paragraph. ``runs`` splits the text into runs (``text`` is their join when runs are given).
    A run starting with ``INSERTED`` is a tracked insertion, ``DELETED`` a tracked deletion, ``BOLD`` bold."""

    text: str = ""
    style: str = ""  # "Heading1", "Heading2", "Title"
    runs: tuple[str, ...] = ()
    footnote: str = ""  # a footnote anchored at the end of the paragraph
    comment: str = ""  # a comment over the paragraph
    page_break_before: bool = False


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Picture:
    name: str
    descr: str = ""
    title: str = ""


@dataclass(frozen=True)
class Toc:
    """A table-of-contents field listing the headings (as Word leaves it before a refresh)."""

    entries: tuple[str, ...]


Block = Para | Table | Picture | Toc


@dataclass
class Draft:
    blocks: list[Block] = field(default_factory=list)
    header: str = ""
    footer: str = ""
    properties: dict[str, str] = field(default_factory=dict)  # core: title, subject, creator, keywords, description
    app_properties: dict[str, str] = field(default_factory=dict)  # Company, Manager
    custom_properties: dict[str, str] = field(default_factory=dict)
    endnote: str = ""


# A 1x1 PNG for pictures.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)


def _t(text: str, tag: str = "w:t") -> str:
    return f'<{tag} xml:space="preserve">{escape(text)}</{tag}>'


def _run(text: str, rid: list[int]) -> str:
    if text.startswith(INSERTED):
        rid[0] += 1
        body = _t(text[len(INSERTED) :])
        return f'<w:ins w:id="{rid[0]}" w:author="Demo Editor" w:date="2026-01-05T10:00:00Z"><w:r>{body}</w:r></w:ins>'
    if text.startswith(DELETED):
        rid[0] += 1
        return (
            f'<w:del w:id="{rid[0]}" w:author="Demo Editor" w:date="2026-01-05T10:00:00Z">'
            f"<w:r>{_t(text[len(DELETED) :], 'w:delText')}</w:r></w:del>"
        )
    if text.startswith(BOLD):
        return f"<w:r><w:rPr><w:b/></w:rPr>{_t(text[len(BOLD) :])}</w:r>"
    return f"<w:r>{_t(text)}</w:r>"


class _Builder:
    def __init__(self) -> None:
        self.footnotes: list[str] = []
        self.comments: list[str] = []
        self.ids = [100]
        self.pictures = 0

    def para(self, p: Para) -> str:
        ppr = ""
        if p.style or p.page_break_before:
            ppr = "<w:pPr>"
            ppr += f'<w:pStyle w:val="{p.style}"/>' if p.style else ""
            ppr += "<w:pageBreakBefore/>" if p.page_break_before else ""
            ppr += "</w:pPr>"
        runs = "".join(_run(r, self.ids) for r in (p.runs or ((p.text,) if p.text else ())))
        if p.comment:
            cid = len(self.comments)
            self.comments.append(
                f'<w:comment w:id="{cid}" w:author="Demo Reviewer" w:date="2026-01-05T10:00:00Z" w:initials="DR">'
                f"<w:p><w:r>{_t(p.comment)}</w:r></w:p></w:comment>"
            )
            runs = (
                f'<w:commentRangeStart w:id="{cid}"/>{runs}<w:commentRangeEnd w:id="{cid}"/>'
                f'<w:r><w:commentReference w:id="{cid}"/></w:r>'
            )
        if p.footnote:
            fid = len(self.footnotes) + 1
            self.footnotes.append(f'<w:footnote w:id="{fid}"><w:p><w:r>{_t(p.footnote)}</w:r></w:p></w:footnote>')
            runs += f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{fid}"/></w:r>'
        return f"<w:p>{ppr}{runs}</w:p>"

    def table(self, t: Table) -> str:
        rows = "".join(
            "<w:tr>" + "".join(f"<w:tc>{self.para(Para(cell))}</w:tc>" for cell in row) + "</w:tr>" for row in t.rows
        )
        return f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>{rows}</w:tbl>'

    def picture(self, pic: Picture) -> str:
        self.pictures += 1
        n = self.pictures
        size = 'cx="914400" cy="914400"'
        return (
            f"<w:p><w:r><w:drawing><wp:inline><wp:extent {size}/>"
            f'<wp:docPr id="{n}" name="{escape(pic.name, {chr(34): "&quot;"})}" '
            f'descr="{escape(pic.descr, {chr(34): "&quot;"})}" title="{escape(pic.title, {chr(34): "&quot;"})}"/>'
            f'<a:graphic><a:graphicData uri="{PIC}"><pic:pic><pic:nvPicPr><pic:cNvPr id="{n}" name="picture{n}.png"/>'
            f'<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdImg"/><a:stretch><a:fillRect/></a:stretch>'
            f'</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext {size}/></a:xfrm>'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
            f"</wp:inline></w:drawing></w:r></w:p>"
        )

    def toc(self, toc: Toc) -> str:
        out = [
            '<w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr><w:r><w:t>Contents</w:t></w:r></w:p>',
            '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r></w:p>',
        ]
        out += [f'<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r>{_t(e)}</w:r></w:p>' for e in toc.entries]
        out.append('<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
        return "".join(out)


STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:sz w:val="24"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:rPr><w:b/><w:sz w:val="48"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="TOCHeading"><w:name w:val="TOC Heading"/><w:basedOn w:val="Normal"/><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>
<w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/>
<w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr></w:style>
</w:styles>"""

CORE_NS = (
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
)
CORE_TAGS = {
    "title": "dc:title",
    "subject": "dc:subject",
    "creator": "dc:creator",
    "keywords": "cp:keywords",
    "description": "dc:description",
    "lastModifiedBy": "cp:lastModifiedBy",
    "category": "cp:category",
}


def _part(body: str, root: str, extra: str = "") -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{root} {DOC_NS}{extra}>{body}</{root}>'


def build(draft: Draft) -> bytes:
    b = _Builder()
    body = []
    for block in draft.blocks:
        if isinstance(block, Para):
            body.append(b.para(block))
        elif isinstance(block, Table):
            body.append(b.table(block))
        elif isinstance(block, Picture):
            body.append(b.picture(block))
        else:
            body.append(b.toc(block))
    sect = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/><w:footerReference w:type="default" r:id="rIdFooter"/>'
        '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" '
        'w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>'
    )
    document = _part(f"<w:body>{''.join(body)}{sect}</w:body>", "w:document")
    separators = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    )
    footnotes = _part(separators + "".join(b.footnotes), "w:footnotes")
    end_sep = separators.replace("footnote", "endnote")
    endnotes = _part(
        end_sep
        + (f'<w:endnote w:id="1"><w:p><w:r>{_t(draft.endnote)}</w:r></w:p></w:endnote>' if draft.endnote else ""),
        "w:endnotes",
    )
    comments = _part("".join(b.comments), "w:comments")
    header = _part(f"<w:p><w:r>{_t(draft.header)}</w:r></w:p>", "w:hdr")
    footer = _part(f"<w:p><w:r>{_t(draft.footer)}</w:r></w:p>", "w:ftr")
    core = "".join(f"<{CORE_TAGS[k]}>{escape(v)}</{CORE_TAGS[k]}>" for k, v in draft.properties.items())
    core_xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties {CORE_NS}>{core}</cp:coreProperties>'
    app = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in draft.app_properties.items())
    app_xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties '
        'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>CSPR Manager</Application>{app}</Properties>"
    )
    custom = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i + 2}" name="{escape(k)}">'
        f"<vt:lpwstr>{escape(v)}</vt:lpwstr></property>"
        for i, (k, v) in enumerate(draft.custom_properties.items())
    )
    custom_xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties '
        'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        f'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{custom}</Properties>'
    )
    ct = "application/vnd.openxmlformats-officedocument"
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
        f'<Override PartName="/word/document.xml" ContentType="{ct}.wordprocessingml.document.main+xml"/>'
        f'<Override PartName="/word/styles.xml" ContentType="{ct}.wordprocessingml.styles+xml"/>'
        f'<Override PartName="/word/header1.xml" ContentType="{ct}.wordprocessingml.header+xml"/>'
        f'<Override PartName="/word/footer1.xml" ContentType="{ct}.wordprocessingml.footer+xml"/>'
        f'<Override PartName="/word/footnotes.xml" ContentType="{ct}.wordprocessingml.footnotes+xml"/>'
        f'<Override PartName="/word/endnotes.xml" ContentType="{ct}.wordprocessingml.endnotes+xml"/>'
        f'<Override PartName="/word/comments.xml" ContentType="{ct}.wordprocessingml.comments+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{ct}.extended-properties+xml"/>'
        f'<Override PartName="/docProps/custom.xml" ContentType="{ct}.custom-properties+xml"/>'
        "</Types>"
    )
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{rel}/extended-properties" Target="docProps/app.xml"/>'
        f'<Relationship Id="rId4" Type="{rel}/custom-properties" Target="docProps/custom.xml"/>'
        "</Relationships>"
    )
    document_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdStyles" Type="{rel}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rIdHeader" Type="{rel}/header" Target="header1.xml"/>'
        f'<Relationship Id="rIdFooter" Type="{rel}/footer" Target="footer1.xml"/>'
        f'<Relationship Id="rIdFootnotes" Type="{rel}/footnotes" Target="footnotes.xml"/>'
        f'<Relationship Id="rIdEndnotes" Type="{rel}/endnotes" Target="endnotes.xml"/>'
        f'<Relationship Id="rIdComments" Type="{rel}/comments" Target="comments.xml"/>'
        f'<Relationship Id="rIdImg" Type="{rel}/image" Target="media/image1.png"/>'
        "</Relationships>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", package_rels)
        z.writestr("word/document.xml", document)
        z.writestr("word/_rels/document.xml.rels", document_rels)
        z.writestr("word/styles.xml", STYLES)
        z.writestr("word/header1.xml", header)
        z.writestr("word/footer1.xml", footer)
        z.writestr("word/footnotes.xml", footnotes)
        z.writestr("word/endnotes.xml", endnotes)
        z.writestr("word/comments.xml", comments)
        z.writestr("word/media/image1.png", PNG)
        z.writestr("docProps/core.xml", core_xml)
        z.writestr("docProps/app.xml", app_xml)
        z.writestr("docProps/custom.xml", custom_xml)
    return out.getvalue()
