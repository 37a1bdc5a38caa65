"""Every document renders for a full case as Word (and PDF, in test_pdf.py) with the case's data and
the toolkit's own sentences; missing values become highlighted placeholders."""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
import time_machine
from django.utils import timezone

from cspr.cases.models import Case, Person, Referral, Relationship, RelationshipKind
from cspr.documents import catalogue, engine, markup, ooxml
from cspr.documents.catalogue import Audience, DocStage
from cspr.rapidreview.models import RapidReviewRecord
from tests.documents.helpers import CHILD, MOTHER, docx_text, tiny_png
from tests.world import World

KEY_SENTENCES = {
    "NOTIFICATION_DECISION": "The duty to notify serious incidents to the National Panel sits with local authorities.",
    "REFERRAL_FORM": "A multi-agency Rapid Review of your referral will be undertaken and you will be informed of the outcome.",
    "SCOPING_TEMPLATE": "This initial scoping and information sharing form should, therefore, be returned to us within 5 working days.",
    "SCOPING_LETTER": "Secure all records/files in relation to this case",
    "RAPID_REVIEW_AGENDA": "Confirmation of immediate safeguarding actions/evidence of historic or current domestic abuse",
    "RAPID_REVIEW_TEMPLATE": "In line with Working Together 2023, the aim of this rapid review is to enable safeguarding partners to:",
    "RAPID_REVIEW_SUBMISSION_LETTER": "I am writing to you in your capacity as Chair of the Child Safeguarding Practice Review Panel.",
    "CARE_LEAVER_FACTSHEET": "The information requested for the death of a care leaver is less than for a child serious incident notification.",
    "CONFIDENTIALITY_AGREEMENT": "I have read the above statement and agree that I will respect the confidentiality of information disclosed to me.",
    "TERMS_OF_REFERENCE": "The aim of this review is to identify improvements that can be made to better safeguard children",
    "FAMILY_LETTER": "I understand this must be a very difficult time for you and your family.",
    "FAMILY_LEAFLET": "A Safeguarding Practice Review is not an investigation into how a child died or was seriously harmed.",
    "CHRONOLOGY_TEMPLATES": "This document should be used as a reference when completing the individual agency chronologies and the Information Report.",
    "CHRONOLOGY_REQUEST_LETTER": "Individual agency chronologies will be collated to produce an Integrated Chronology",
    "CHRONOLOGY_GUIDANCE": "A chronology is a succinct summary and overview of the significant dates and events",
    "LEARNING_TEMPLATE": "Remember to pull out good practice and what worked well",
    "INFORMATION_REPORT": "Information Reports must be endorsed by a Senior Manager before being submitted.",
    "INFORMATION_REPORT_REQUEST_LETTER": "I would, therefore, be grateful if you could arrange for completion of the attached Information Report template.",
    "INFORMATION_REPORT_GUIDANCE": "Please make sure you carefully read and complete every question.",
    "WORKSHOP_INVITATION": "As a professional involved in the case it is important that you attend.",
    "WORKSHOP_BRIEFING": "It is NOT looking to attribute blame to individuals or organisations.",
    "WORKSHOP_AGENDA": "Evaluation and Close",
    "WORKSHOP_WORKSHEETS": "If a court of law asks for access to them, they may be disclosable.",
    "REPORT_GUIDANCE": "Reports should be written clearly in plain English.",
    "ACTION_PLAN": "Action Plan Template",
    # Not a toolkit document: the product's own wording.
    "SEVEN_MINUTE_BRIEFING": "Not a toolkit document: the partnership's briefing on the lessons learned",
}

CASE_DATA = {
    "REFERRAL_FORM": [CHILD, MOTHER, "9434765919"],
    "SCOPING_TEMPLATE": [CHILD, MOTHER, "Tom Brightwater-Sample", "9434765919"],
    "SCOPING_LETTER": ["9 November 2026", "Sam Manager"],
    "RAPID_REVIEW_AGENDA": ["RAPID REVIEW – AB", "12 November 2026"],
    "RAPID_REVIEW_TEMPLATE": [
        CHILD,
        "1 April 2019 (aged 7)",
        "Pat Police",
        "Ann Lead",
        "How well did agencies share information",
        "SIN-FICTION-4471",
        "Dan Partnerfiction (Mother's partner)",
        "Faith/religion: None",
        "Covid-19 and neurodiversity considered (fictional)",
        "Did Covid-19 affect services?",
    ],
    "RAPID_REVIEW_SUBMISSION_LETTER": [
        "meets the criteria for a local Child Safeguarding Practice Review",
        "SIN-FICTION-4471",
        "Date: 16 November 2026",
        "Ann Lead",
        "Sir Panel Chair",
    ],
    "CONFIDENTIALITY_AGREEMENT": ["one of the Home Test Partnership’s Rapid Review"],
    "TERMS_OF_REFERENCE": ["AB (HOME-2026-001)", "Test Lead reviewer", "DI Ivy Investigator"],
    "FAMILY_LETTER": [
        f"Dear {MOTHER}",
        "serious injury of your daughter, Ayla",
        "My name is Test Lead reviewer",
        "in the time before Ayla suffered serious harm.",
    ],
    "CHRONOLOGY_TEMPLATES": [CHILD, "Tom Brightwater-Sample"],
    "CHRONOLOGY_REQUEST_LETTER": [f"serious injury of {CHILD}"],
    "LEARNING_TEMPLATE": ["Was the father's voice heard?"],
    "INFORMATION_REPORT": [f"{CHILD} / HOME-2026-001"],
    "INFORMATION_REPORT_REQUEST_LETTER": [CHILD, "Leo Brightwater"],
    "WORKSHOP_INVITATION": [CHILD],
    "WORKSHOP_WORKSHEETS": [CHILD],
}


def test_catalogue_has_every_document_with_both_numbers() -> None:
    numbers = {spec.id: (spec.section_number, spec.appendix_number) for spec in catalogue.DOCUMENTS if spec.toolkit}
    assert len(numbers) == 25
    # Documents the product adds say they have no toolkit number (the 7-minute briefing).
    added = [spec for spec in catalogue.DOCUMENTS if not spec.toolkit]
    assert [(s.id, s.numbers) for s in added] == [
        ("SEVEN_MINUTE_BRIEFING", "Not a toolkit document (no toolkit number)")
    ]
    # rules.md section 3: section text vs appendix list.
    assert numbers["CARE_LEAVER_FACTSHEET"] == (None, "6")
    assert numbers["TERMS_OF_REFERENCE"] == ("6", "7")
    assert numbers["WORKSHOP_INVITATION"] == ("15", "16")
    assert numbers["INFORMATION_REPORT_GUIDANCE"] == ("14a", "15a")
    assert numbers["WORKSHOP_WORKSHEETS"] == ("17a", "18a")
    assert numbers["ACTION_PLAN"] == ("19", "20")
    assert numbers["CONFIDENTIALITY_AGREEMENT"] == (None, "Appendix 2")
    assert [s.id for s in catalogue.for_stage(DocStage.RAPID_REVIEW)][:7] == [
        "NOTIFICATION_DECISION",
        "REFERRAL_FORM",
        "SCOPING_TEMPLATE",
        "SCOPING_LETTER",
        "RAPID_REVIEW_AGENDA",
        "RAPID_REVIEW_TEMPLATE",
        "RAPID_REVIEW_SUBMISSION_LETTER",
    ]
    assert set(KEY_SENTENCES) == set(catalogue.BY_ID)


def test_publishable_documents_have_no_genogram_slot() -> None:
    for spec in catalogue.DOCUMENTS:
        directives = {b.text for b in markup.load(spec.content_name) if b.kind == "directive"}
        if spec.publishable:
            assert "genogram" not in directives, spec.id
    assert "genogram" in {b.text for b in markup.load("rapid_review_template") if b.kind == "directive"}


@pytest.mark.django_db
@time_machine.travel("2026-11-16 10:00 +0000", tick=False)
@pytest.mark.parametrize("document_id", sorted(catalogue.BY_ID))
def test_every_document_renders_with_data_and_toolkit_wording(case: Case, document_id: str) -> None:
    data = engine.render(document_id, case, "docx")
    document = docx.Document(io.BytesIO(data))
    text = docx_text(data)
    footer = document.sections[0].footer.paragraphs[0].text
    assert "Home Test Partnership" in footer
    assert case.reference in footer
    assert KEY_SENTENCES[document_id] in text
    for value in CASE_DATA.get(document_id, []):
        assert value in text, f"{document_id}: {value!r} missing"
    # Real heading styles, so Word's navigation pane lists them.
    headings = [p for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    spec = catalogue.get(document_id)
    assert len(headings) == sum(1 for b in markup.load(spec.content_name) if b.kind == "heading")
    # Only the styles in use travel (issue 15: LibreOffice parsed python-docx's 164 for each PDF), and
    # every style a paragraph, run or table names is still defined.
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert "word/stylesWithEffects.xml" not in archive.namelist()
    defined = set(re.findall(r'w:styleId="([^"]+)"', archive.read("word/styles.xml").decode()))
    named = {
        ref
        for name in archive.namelist()
        if name.startswith("word/") and name.endswith(".xml") and name != "word/styles.xml"
        for ref in re.findall(r'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', archive.read(name).decode())
    }
    assert named <= defined
    assert len(defined) < 40


@pytest.mark.django_db
def test_a_case_with_no_data_renders_placeholders_highlighted(world: World) -> None:
    case = world.cases["own"]
    Person.objects.filter(case=case).delete()
    for spec in catalogue.DOCUMENTS:
        engine.render(spec.id, case, "docx")  # never a crash
    data = engine.render("SCOPING_LETTER", case, "docx")
    document = docx.Document(io.BytesIO(data))
    highlighted = [r.text for p in document.paragraphs for r in p.runs if r.font.highlight_color is not None]
    assert "[insert submission date]" in highlighted
    letter = docx_text(engine.render("RAPID_REVIEW_SUBMISSION_LETTER", case, "docx"))
    assert "[Delete as appropriate and then turn the related text black and delete this instruction.]" in letter
    assert "[Insert name of current Panel Chair]" in letter
    agenda = docx_text(engine.render("RAPID_REVIEW_AGENDA", case, "docx"))
    assert "(Insert Child’s Initials)" in agenda


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("decision", "other", "expected"),
    [
        (["a"], "", "concluded that the case meets the criteria for a national Child Safeguarding Practice Review."),
        (
            "e",
            "",
            "does not meet the criteria for a Child Safeguarding Practice Review: the Rapid Review has identified learning",
        ),
        (
            ["c", "d"],
            "a Domestic Homicide Review",
            "warrants a local Child Safeguarding Practice Review and warrants consideration of a Domestic Homicide Review.",
        ),
    ],
)
def test_document_5_names_the_decision_made(world: World, decision: Any, other: str, expected: str) -> None:
    RapidReviewRecord.objects.create(
        case=world.cases["own"], decision=list(decision), other_review=other, decided_at=timezone.now()
    )
    text = docx_text(engine.render("RAPID_REVIEW_SUBMISSION_LETTER", world.cases["own"], "docx"))
    assert expected in text
    assert "Delete as appropriate" not in text


@pytest.mark.django_db
def test_document_4_ticks_the_decision_and_criteria(case: Case) -> None:
    data = engine.render("RAPID_REVIEW_TEMPLATE", case, "docx")
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert xml.count("<w14:checkbox>") == 2 + 9 + 5  # yes/no, nine criteria, five decisions
    # Yes, the four criteria recorded (three of which could never be ticked before), decisions b and d.
    assert xml.count('<w14:checked w14:val="1"/>') == 1 + 4 + 2
    assert 'TOC \\o "1-3"' in xml


@pytest.mark.django_db
def test_document_8_says_death_and_the_relationship(world: World, case: Case) -> None:
    child = Person.objects.get(case=case, first_name="Ayla")
    child.deceased = True
    child.save()
    brother = Person.objects.get(case=case, first_name="Leo")
    text = docx_text(engine.render("FAMILY_LETTER", case, "docx"))
    assert "how sorry I am about the tragic death of your daughter, Ayla." in text
    assert "in the time before Ayla died." in text
    text = docx_text(engine.render("FAMILY_LETTER", case, "docx", person=brother))
    assert "Dear Leo Brightwater" in text
    assert "Dear Leo Brightwater" in text
    assert "death of your sister, Ayla" in text


@pytest.mark.django_db
def test_document_8_for_a_serious_injury(case: Case) -> None:
    Referral.objects.filter(case=case).update(incident_kind="")
    data = engine.render("FAMILY_LETTER", case, "docx")
    document = docx.Document(io.BytesIO(data))
    assert "in the time before Ayla suffered [insert serious injury]." in docx_text(data)
    highlighted = [r.text for p in document.paragraphs for r in p.runs if r.font.highlight_color is not None]
    assert "[insert serious injury]" in highlighted
    Referral.objects.filter(case=case).update(incident_kind="serious_harm")
    assert "in the time before Ayla suffered serious harm." in docx_text(engine.render("FAMILY_LETTER", case, "docx"))


@pytest.mark.django_db
def test_awkward_text_comes_out_intact(case: Case) -> None:
    awkward = 'Tom & Jerry <script>alert("x")</script> O’Brien café naïve 👶🏽 مرحبا שלום \x07end'
    RapidReviewRecord.objects.filter(case=case).update(immediate_actions=awkward)
    text = docx_text(engine.render("RAPID_REVIEW_TEMPLATE", case, "docx"))
    assert awkward.replace("\x07", "") in text


@pytest.mark.django_db
def test_genogram_only_in_documents_not_for_publication(case: Case) -> None:
    mother = Person.objects.get(case=case, first_name="Rosa")
    child = Person.objects.get(case=case, first_name="Ayla")
    Relationship.objects.create(case=case, from_person=mother, to_person=child, kind=RelationshipKind.PARENT)
    for spec in catalogue.DOCUMENTS:
        data = engine.render(spec.id, case, "docx")
        media = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/media/")]
        if spec.publishable:
            assert media == [], f"{spec.id} is published and must never carry the genogram"
    template = engine.render("RAPID_REVIEW_TEMPLATE", case, "docx")
    assert len(docx.Document(io.BytesIO(template)).inline_shapes) == 1


@pytest.mark.django_db
@time_machine.travel("2026-12-01 10:00 +0000", tick=False)
def test_a_letter_rendered_again_later_keeps_the_date_it_was_sent(case: Case) -> None:
    letter = docx_text(engine.render("SCOPING_LETTER", case, "docx"))
    assert "Date: 2 November 2026" in letter  # scoping sent, not today (1 December)
    assert "Date: 16 November 2026" in docx_text(engine.render("RAPID_REVIEW_SUBMISSION_LETTER", case, "docx"))
    assert "Date: 1 December 2026" in docx_text(engine.render("FAMILY_LETTER", case, "docx"))  # never sent


@pytest.mark.django_db
@time_machine.travel("2026-11-16 10:00 +0000", tick=False)
def test_documents_2_and_2a_carry_the_return_date_the_case_shows(case: Case) -> None:
    from cspr.deadlines.services import deadlines_for_case

    due = next(d.due for d in deadlines_for_case(case) if d.key == "scoping_return")
    assert due == dt.date(2026, 11, 9)  # 5 working days after 2 November
    for document_id in ("SCOPING_LETTER", "SCOPING_TEMPLATE"):
        assert "9 November 2026" in docx_text(engine.render(document_id, case, "docx")), document_id
    case.scoping_sent_date = None
    case.save(update_fields=["scoping_sent_date"])
    assert "[insert submission date]" in docx_text(engine.render("SCOPING_LETTER", case, "docx"))


@pytest.mark.django_db
def test_document_2_follows_a16_and_its_rag_column_defaults_to_p(case: Case) -> None:
    data = engine.render("SCOPING_TEMPLATE", case, "docx")
    text = docx_text(data)
    assert "Chapter 5 of Working Together 2023" in text
    assert "Chapter 4 of Working Together" not in text
    document = docx.Document(io.BytesIO(data))
    rows = [row for table in document.tables for row in table.rows]
    header = next(i for i, row in enumerate(rows) if row.cells[-1].text == "R A G")
    assert [row.cells[-1].text for row in rows[header + 1 : header + 6]] == ["P"] * 5


@pytest.mark.django_db
def test_document_1a_prints_the_safeguarding_lead_consulted(case: Case) -> None:
    text = docx_text(engine.render("REFERRAL_FORM", case, "docx"))
    assert "Dora Safeguarding-Lead" in text
    assert "Home Test School, Designated Safeguarding Lead" in text
    assert "dora@school.test.invalid" in text


@pytest.mark.django_db
def test_document_4_labels_values_and_names_every_carer(case: Case) -> None:
    text = docx_text(engine.render("RAPID_REVIEW_TEMPLATE", case, "docx"))
    # "None" is the child's recorded religion, not an absence of details.
    assert "Faith/religion: None" in text
    assert "Legal status: Parental responsibility (fictional); Health: Fictional anxiety" in text
    involvement = next(line for line in text.splitlines() if line.startswith("Previous agency involvement with"))
    assert "Rosa Brightwater (Mother)" in involvement
    assert "Dan Partnerfiction (Mother's partner)" in involvement
    assert "No impact on services (fictional)" in text
    assert "A question nobody answered on screen" not in text


@pytest.mark.django_db
def test_packs_zip_each_stage(case: Case) -> None:
    data = engine.render_pack(DocStage.RAPID_REVIEW, case)
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert len(names) == len(catalogue.for_stage(DocStage.RAPID_REVIEW)) == 9
    assert "HOME-2026-001_4_RAPID_REVIEW_TEMPLATE.docx" in names
    for name in names:
        docx.Document(io.BytesIO(archive.read(name)))
    assert not any(re.search("Brightwater", n) for n in names)  # no personal data in file names


def test_agency_audience_is_the_portal_set() -> None:
    agency = {s.id for s in catalogue.DOCUMENTS if s.audience is Audience.AGENCY}
    assert "SCOPING_LETTER" in agency
    assert "RAPID_REVIEW_TEMPLATE" not in agency


@pytest.mark.django_db
def test_partnership_logo_heads_letters(case: Case, tmp_path: Any, settings: Any) -> None:
    from django.core.files.base import ContentFile

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    partnership = case.lead_partnership
    partnership.logo.save("logo.png", ContentFile(tiny_png()))
    case.refresh_from_db()
    letter = docx.Document(io.BytesIO(engine.render("SCOPING_LETTER", case, "docx")))
    assert len(letter.inline_shapes) == 1
    assert "Home Test Partnership" in letter.paragraphs[1].text


@pytest.mark.django_db
def test_tables_draw_their_own_grid_in_british_english(case: Case) -> None:
    """Tables carry their grid lines themselves, not Word's "Table Grid" style (LibreOffice applied it
    cell by cell, a sixth of Document 4's PDF conversion, issue 15); text in cells keeps that style's
    single line spacing; one font, Arial; the language is British English; the genogram has
    alternative text."""
    mother = Person.objects.get(case=case, first_name="Rosa")
    child = Person.objects.get(case=case, first_name="Ayla")
    Relationship.objects.create(case=case, from_person=mother, to_person=child, kind=RelationshipKind.PARENT)
    data = engine.render("RAPID_REVIEW_TEMPLATE", case, "docx")
    archive = zipfile.ZipFile(io.BytesIO(data))
    body, styles, settings_xml = (archive.read(f"word/{n}.xml").decode() for n in ("document", "styles", "settings"))
    assert "<w:tblStyle" not in body
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", body, flags=re.S)
    assert len(tables) >= 8
    for table in tables:
        borders = re.search(r"<w:tblBorders>(.*?)</w:tblBorders>", table)
        assert borders is not None
        assert re.findall(r'<w:(\w+) w:val="single"', borders.group(1)) == [
            "top", "left", "bottom", "right", "insideH", "insideV"
        ]  # fmt: skip
    document = docx.Document(io.BytesIO(data))
    cell_styles = {p.style.name for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs}
    assert cell_styles == {"Table text"}
    table_text = document.styles["Table text"]
    assert table_text.base_style.name == "Normal"
    assert table_text.paragraph_format.line_spacing == 1.0
    assert 'w:lang w:val="en-GB"' in styles
    assert "en-US" not in styles
    assert '<w:themeFontLang w:val="en-GB"/>' in settings_xml
    # Headings in Arial like the text, not the theme's Calibri (a theme font wins over a named one).
    assert "Theme=" not in styles
    assert "cstheme" not in styles
    assert {document.styles[f"Heading {n}"].font.name for n in (1, 2, 3)} == {"Arial"}
    descriptions = re.findall(r'<wp:docPr [^>]*descr="([^"]+)"', body)
    assert len(descriptions) == 1
    assert descriptions[0].startswith("Genogram")


def test_every_word_file_we_write_starts_british() -> None:
    """Word files come from ``ooxml.new_document`` (British English), never a bare ``Document()``:
    the agency forms, exports, certificates and demo files as well as the toolkit's documents."""
    document = ooxml.new_document()
    out = io.BytesIO()
    document.save(out)
    archive = zipfile.ZipFile(out)
    assert 'w:lang w:val="en-GB"' in archive.read("word/styles.xml").decode()
    assert "en-US" not in archive.read("word/styles.xml").decode()
    assert '<w:themeFontLang w:val="en-GB"/>' in archive.read("word/settings.xml").decode()
    root = Path(__file__).resolve().parents[2] / "cspr"
    bare = []
    for path in root.rglob("*.py"):
        if path.name == "bench.py" or path == root / "documents" / "ooxml.py":
            continue  # benchmarks time python-docx itself; ooxml is where the one call lives
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and not node.args and not node.keywords:
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name == "Document":
                    bare.append(f"{path.relative_to(root)}:{node.lineno}")
    assert bare == []
