"""Each layer of the upload checks on its own, so neither hides a gap in the other."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest

from cspr.filesafety import check, pdf, word_tables
from cspr.filesafety.errors import UploadRefused
from tests.security import corpus

PDF_SAMPLES = [s for s in corpus.SAMPLES if s.kind == "pdf" and s.name != "truncated PDF"]


@pytest.mark.parametrize("sample", PDF_SAMPLES, ids=lambda s: s.name)
def test_the_pdf_parser_alone_refuses_every_hostile_pdf(sample: corpus.Sample) -> None:
    with pytest.raises(UploadRefused) as refused:
        pdf.parse(sample.make())
    assert sample.message in refused.value.message


def test_the_name_scan_decodes_escapes_but_cannot_see_into_object_streams() -> None:
    with pytest.raises(UploadRefused):
        pdf.scan_names(corpus.pdf_js_escaped_name())
    pdf.scan_names(corpus.pdf_js_in_object_stream())  # hidden from any scan of the bytes...
    with pytest.raises(UploadRefused):
        pdf.parse(corpus.pdf_js_in_object_stream())  # ...not from the parser


def test_links_a_reader_clicks_and_opening_at_a_page_are_accepted() -> None:
    data = corpus.build_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>",
            2: corpus.PAGES[2],
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
            4: b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 20] /A << /S /URI /URI (https://www.gov.uk/) >> >>",
        }
    )
    assert check.inspect(data, frozenset(check.Kind)).kind is check.Kind.PDF


def test_a_hyperlink_in_a_word_file_is_accepted() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("See ")
    part = document.part
    rid = part.relate_to(
        "https://www.gov.uk/", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink", True
    )
    link = paragraph._p.makeelement(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}hyperlink",
        {"{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id": rid},
    )
    paragraph._p.append(link)
    out = io.BytesIO()
    document.save(out)
    assert check.inspect(out.getvalue(), frozenset(check.Kind)).kind is check.Kind.DOCX


def test_a_document_made_from_a_template_on_the_authors_computer_is_accepted() -> None:
    local = corpus.template("file:///C:/Users/Fictional/AppData/Roaming/Microsoft/Templates/Agency%20letter.dotx")
    assert check.inspect(local, frozenset(check.Kind)).kind is check.Kind.DOCX
    with pytest.raises(UploadRefused):
        check.inspect(corpus.share_template(), frozenset(check.Kind))


def test_word_tables_read_merged_and_spanning_cells_as_python_docx_does() -> None:
    document = docx.Document()
    table = document.add_table(rows=6, cols=4)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"r{r}c{c}"
    table.cell(1, 0).merge(table.cell(4, 0))  # vertical
    table.cell(2, 1).merge(table.cell(2, 3))  # horizontal
    table.cell(3, 2).merge(table.cell(5, 3))  # both
    reopened = docx.Document(_saved(document)).tables[0]
    assert word_tables.rows(reopened) == [[cell.text for cell in row.cells] for row in reopened.rows]


def test_the_merged_cell_return_from_the_issue_is_read_not_refused() -> None:
    """300 rows of vertically merged cells: within the bounds, so it is read (in one pass)."""
    data = corpus.merged_cell_return(300, 4)
    assert check.inspect(data, frozenset({check.Kind.DOCX})).kind is check.Kind.DOCX
    table = docx.Document(io.BytesIO(data)).tables[0]
    grid = word_tables.rows(table)
    assert len(grid) == 300
    assert grid[-1] == ["C0", "C1", "C2", "C3"]


def _saved(document: object) -> io.BytesIO:
    out = io.BytesIO()
    document.save(out)  # type: ignore[attr-defined]
    out.seek(0)
    return out


def test_tricks_against_a_text_search_are_still_refused() -> None:
    launch_by_reference = corpus.build_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: corpus.PAGES[2],
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
            4: b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S 5 0 R /F (cmd.exe) >> >>",
            5: b"/Launch",
        }
    )
    nul_separated = corpus.build_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            **corpus.PAGES,
            4: b"<</S/JavaScript\x00/JS\x00(1)>>",
        }
    )
    # "stream" and "endstream" inside strings hide the action between them from a scan that skips streams.
    hidden_between_strings = corpus.build_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R /Title (stream\n) >>",
            **corpus.PAGES,
            5: b"<< /S /J#61vaScript /JS (app.alert\\(1\\)) >>",
            6: b"<< /Subject (endstream) >>",
        }
    )
    pdf.scan_names(hidden_between_strings)  # the scan alone is fooled...
    for data in (launch_by_reference, nul_separated, hidden_between_strings):
        with pytest.raises(UploadRefused) as refused:
            pdf.parse(data)  # ...the parser is not
        assert "scripts or embedded files" in refused.value.message
        with pytest.raises(UploadRefused):
            check.inspect(data, frozenset(check.Kind))


def test_a_main_document_under_another_name_is_still_counted() -> None:
    """python-docx follows the package relationship to the main part, whatever it is called: so do the counts."""
    data = corpus.merged_cell_bomb()
    body = corpus._part(data, "word/document.xml")
    rels = corpus._part(data, "_rels/.rels").replace(b"word/document.xml", b"word/body.dat")
    types = corpus._part(data, "[Content_Types].xml").replace(b"/word/document.xml", b"/word/body.dat")
    moved = corpus.rewrite(
        data,
        replace={
            "_rels/.rels": rels,
            "[Content_Types].xml": types,
            "word/document.xml": corpus._part(corpus.plain_docx(), "word/document.xml"),
        },
        add={"word/body.dat": body},
    )
    with pytest.raises(UploadRefused) as refused:
        check.inspect(moved, frozenset(check.Kind))
    assert "too many merged cells" in refused.value.message


def test_a_workbook_of_countless_shared_strings_is_refused_before_openpyxl_loads_them() -> None:
    strings = b"".join(b"<si><t>%d</t></si>" % i for i in range(260_000))
    evil = (
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + strings
        + b"</sst>"
    )
    with pytest.raises(UploadRefused) as refused:
        check.inspect(corpus.rewrite(corpus.plain_xlsx(), add={"xl/sharedStrings.xml": evil}), frozenset(check.Kind))
    assert "too many cells" in refused.value.message


def test_damaged_files_are_refused_never_an_error() -> None:
    """Random damage to real files (seeded, so the same files every run): each is accepted or refused
    with a message. Before, a corrupt deflate stream or a pypdf assertion escaped as a server error."""
    import random
    import zipfile

    from cspr.filesafety import image

    rng = random.Random(16)
    bases = [corpus.plain_docx(), corpus.plain_xlsx(), corpus.plain_pdf(), corpus.pdf_js_in_object_stream()]
    for _ in range(150):
        data = bytearray(rng.choice(bases))
        if data.startswith(b"PK") and rng.random() < 0.5:
            archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
            name = rng.choice([n for n in archive.namelist() if n.endswith((".xml", ".rels"))])
            part = bytearray(archive.read(name))
            for _ in range(rng.randint(1, 5)):
                part[rng.randrange(len(part))] = rng.choice(b"<>&/\"' =x\x00\xff")
            data = bytearray(corpus.rewrite(bytes(data), replace={name: bytes(part)}))
        else:
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        messages = [
            _outcome(check.inspect, bytes(data), frozenset(check.Kind)),
            _outcome(image.reencode_logo, bytes(data)),
        ]
        assert all(message != "" for message in messages)


def _outcome(fn: Any, *args: Any) -> str:
    """ "accepted", or the refusal's message; anything else raised fails the test."""
    try:
        fn(*args)
    except UploadRefused as refused:
        return refused.message
    return "accepted"
