"""Every document renders for a full case as Word (and PDF, in test_pdf.py) with the case's data and
the toolkit's own sentences; missing values become highlighted placeholders."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import docx
import pytest
import time_machine

from cspr.cases.models import Case, Person
from cspr.documents import catalogue, engine, markup
from cspr.documents.catalogue import Audience, DocStage
from cspr.documents.context import build_context
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
    ],
    "RAPID_REVIEW_SUBMISSION_LETTER": [
        "meets the criteria for a local Child Safeguarding Practice Review",
        "Ann Lead",
        "Sir Panel Chair",
    ],
    "CONFIDENTIALITY_AGREEMENT": ["one of the Home Test Partnership’s Rapid Review"],
    "TERMS_OF_REFERENCE": ["AB (HOME-2026-001)", "Dr Jo Reviewer"],
    "FAMILY_LETTER": [f"Dear {MOTHER}", "serious injury of your daughter, Ayla", "My name is Dr Jo Reviewer"],
    "CHRONOLOGY_TEMPLATES": [CHILD, "Tom Brightwater-Sample"],
    "CHRONOLOGY_REQUEST_LETTER": [f"serious injury of {CHILD}"],
    "LEARNING_TEMPLATE": ["Was the father’s voice heard?"],
    "INFORMATION_REPORT": [f"{CHILD} / HOME-2026-001"],
    "INFORMATION_REPORT_REQUEST_LETTER": [CHILD, "Leo Brightwater"],
    "WORKSHOP_INVITATION": [CHILD],
    "WORKSHOP_WORKSHEETS": [CHILD],
}


def test_catalogue_has_every_document_with_both_numbers() -> None:
    numbers = {spec.id: (spec.section_number, spec.appendix_number) for spec in catalogue.DOCUMENTS}
    assert len(numbers) == 25
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
def test_document_5_names_the_decision_made(
    world: World, provide: Any, decision: Any, other: str, expected: str
) -> None:
    provide({"decision": decision, "decision_other": other})
    text = docx_text(engine.render("RAPID_REVIEW_SUBMISSION_LETTER", world.cases["own"], "docx"))
    assert expected in text
    assert "Delete as appropriate" not in text


@pytest.mark.django_db
def test_document_4_ticks_the_decision_and_criteria(case: Case) -> None:
    data = engine.render("RAPID_REVIEW_TEMPLATE", case, "docx")
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert xml.count("<w14:checkbox>") == 2 + 9 + 5  # yes/no, nine criteria, five decisions
    assert xml.count('<w14:checked w14:val="1"/>') == 1 + 2 + 1  # yes, two criteria, decision b
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
def test_document_8_for_a_serious_injury(case: Case, provide: Any) -> None:
    data = engine.render("FAMILY_LETTER", case, "docx")
    document = docx.Document(io.BytesIO(data))
    assert "in the time before Ayla suffered [insert serious injury]." in docx_text(data)
    highlighted = [r.text for p in document.paragraphs for r in p.runs if r.font.highlight_color is not None]
    assert "[insert serious injury]" in highlighted
    provide({"injury_description": "a fractured skull"})
    assert "in the time before Ayla suffered a fractured skull." in docx_text(
        engine.render("FAMILY_LETTER", case, "docx")
    )


@pytest.mark.django_db
def test_awkward_text_comes_out_intact(case: Case, provide: Any) -> None:
    awkward = 'Tom & Jerry <script>alert("x")</script> O’Brien café naïve 👶🏽 مرحبا שלום \x07end'
    provide({"immediate_actions": awkward})
    text = docx_text(engine.render("RAPID_REVIEW_TEMPLATE", case, "docx"))
    assert awkward.replace("\x07", "") in text


@pytest.mark.django_db
def test_genogram_only_in_documents_not_for_publication(case: Case, provide: Any) -> None:
    provide({"genogram_png": tiny_png()})
    for spec in catalogue.DOCUMENTS:
        data = engine.render(spec.id, case, "docx")
        media = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/media/")]
        if spec.publishable:
            assert media == [], f"{spec.id} is published and must never carry the genogram"
    template = engine.render("RAPID_REVIEW_TEMPLATE", case, "docx")
    assert len(docx.Document(io.BytesIO(template)).inline_shapes) == 1


@pytest.mark.django_db
def test_context_keys_from_providers_override_the_base(case: Case) -> None:
    ctx = build_context(case, providers=[lambda c: {"child_name": "Pseudonym", "meeting_date": None}])
    assert ctx["child_name"] == "Pseudonym"
    assert ctx["meeting_date"] == case.meeting_date  # None never wipes a value


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
def test_attachment_rendering_accepts_the_rapid_review_alias(case: Case) -> None:
    name, mime, data = engine.render_for_attachment(case, "RAPID_REVIEW_COVER_LETTER")
    assert name == "HOME-2026-001_5_RAPID_REVIEW_SUBMISSION_LETTER.docx"
    assert mime == engine.DOCX_MIME
    assert "Decision of the Rapid Review of HOME-2026-001" in docx_text(data)


def test_adapter_accepts_the_rapid_review_app_shapes() -> None:
    from cspr.documents.adapt import adapt

    ctx: dict[str, Any] = {
        "decision": [{"code": "b", "text": "(b) …"}],
        "criteria": [{"code": "recurrent", "text": "…"}],
        "participants": [
            {"name": "A", "role": "R", "organisation": "Police", "observer": False, "present": True},
            {"name": "B", "role": "R", "organisation": "Observer org", "observer": True, "present": True},
        ],
        "family": [{"name": "Mum", "address": "1 Road", "date_of_birth": None}],
        "immediate_safeguarding": {"all_action_taken": True, "actions": "Plan", "who": "", "when": ""},
        "legal_advice": {"sought": False, "details": ""},
    }
    adapt(ctx)
    assert ctx["decision"] == ["b"]
    assert ctx["criteria"] == ["recurrent"]
    assert [p["agency"] for p in ctx["participants"]] == ["Police"]
    assert [p["name"] for p in ctx["observers"]] == ["B"]
    assert ctx["family"][0]["name_address"] == "Mum\n1 Road"
    assert ctx["immediate_actions_taken"] is True
    assert ctx["legal_advice"] == "No"
