"""The Word version of Document 2: built pre-filled, completed by the agency, read back field by field."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document

from cspr.portal import uploads, word_return
from cspr.portal.models import FamilyCorrection, InformationRequest, RequestState, Upload
from tests.portal.conftest import NOW
from tests.world import World

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

ANSWERS = {
    "Name": "Test Lead",
    "Agency and designation": "Home Test School, Designated Safeguarding Lead",
    "Contact details": "1 Test Road\n01632 960000\nschool@test.invalid",
    "Date completed": "04/11/2026",
    "1. Summary of involvement": "Attended Reception from September 2022.\nAttendance fell to 80% in 2026.",
    "3. Analysis of practice": "Attendance concerns were not shared with the health visitor.",
    "4. Concerns about working together": "None identified.",
    "5. Learning and action taken": "See the tracker.",
    "6. Other agencies": "Home Test GP",
    "7. Further information": "Nothing further.",
    "Date records were secured": "3 November 2026",
    "Records secured by": "Test Lead, DSL",
    "Submission kept separate from the case files (Yes or No)": "Yes",
}


def complete(template: bytes, mother_ref: str) -> bytes:
    """Fill the template the way an agency would in Word: type into the right-hand cells."""
    doc = Document(io.BytesIO(template))
    for table in doc.tables:
        header = table.rows[0].cells[0].text.strip()
        if header == "Ref":
            for row in table.rows[1:]:
                if row.cells[0].text == mother_ref:
                    row.cells[2].text = "White Irish"  # ethnicity differs from the partnership's record
                    row.cells[4].text = "Catholic"
        elif header == "No.":
            values = [
                "1",
                "Share attendance concerns",
                "Add to the attendance policy",
                "DSL",
                "01/12/2026",
                "Policy draft",
                "A",
            ]
            for cell, value in zip(table.rows[1].cells, values, strict=True):
                cell.text = value
        else:
            for row in table.rows:
                label = row.cells[0].text.split("\n")[0].strip()
                if label in ANSWERS:
                    row.cells[-1].text = ANSWERS[label]
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def storage(settings: Any, tmp_path: Path) -> Path:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    return tmp_path


@pytest.mark.django_db
def test_the_template_is_prefilled_and_passes_the_upload_checks(world: World, sent: InformationRequest) -> None:
    template = word_return.build_template(sent)
    assert uploads.inspect(template, frozenset({uploads.Kind.DOCX})).kind is uploads.Kind.DOCX
    text = "\n".join(c.text for t in Document(io.BytesIO(template)).tables for r in t.rows for c in r.cells)
    assert word_return.request_code(sent) in text
    assert "Testmother Example" in text  # the family composition, filled in before sending (rule 21)
    assert "A fictional summary." in text


@pytest.mark.django_db
def test_a_completed_word_return_is_read_back_field_by_field(
    world: World, sent: InformationRequest, storage: Path
) -> None:
    mother = sent.case.people.get(first_name="Testmother")
    filled = complete(word_return.build_template(sent), f"P{mother.pk}")
    client = Client()
    client.force_login(world.agency_users["own"])
    with time_machine.travel(NOW + dt.timedelta(days=1)):
        response = client.post(
            reverse("portal:upload", args=[sent.pk]),
            {"kind": "word_return", "file": SimpleUploadedFile("scoping.docx", filled, content_type=DOCX)},
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:check", args=[sent.pk])
    request = InformationRequest.objects.get(pk=sent.pk)
    answers = request.answers
    assert answers["contact_name"] == "Test Lead"
    assert answers["contact_designation"] == "Home Test School, Designated Safeguarding Lead"
    assert answers["contact_details"] == "1 Test Road\n01632 960000\nschool@test.invalid"
    assert answers["date_completed"] == "2026-11-04"
    assert (
        answers["summary_of_involvement"] == "Attended Reception from September 2022.\nAttendance fell to 80% in 2026."
    )
    assert answers["analysis_of_practice"] == "Attendance concerns were not shared with the health visitor."
    assert answers["working_together_concerns"] == "None identified."
    assert answers["learning"] == "See the tracker."
    assert answers["other_agencies"] == "Home Test GP"
    assert answers["further_information"] == "Nothing further."
    assert answers["family"][str(mother.pk)] == {
        "ethnicity": "White Irish",
        "language": "English",
        "religion": "Catholic",
        "employment": "",
    }
    assert answers["records"] == {
        "records_secured_on": "2026-11-03",
        "records_secured_by": "Test Lead, DSL",
        "kept_separate": True,
    }
    [action] = request.learning_actions.all()
    assert (action.learning_point, action.action, action.lead, action.target_date, action.evidence, action.rag) == (
        "Share attendance concerns",
        "Add to the attendance policy",
        "DSL",
        dt.date(2026, 12, 1),
        "Policy draft",
        "A",
    )
    assert request.state == RequestState.OPENED  # read back for checking, not submitted
    assert Upload.objects.filter(request=request, kind="word_return").count() == 1
    # The check page shows the read-back answers, with the records-secured fields filled in.
    with time_machine.travel(NOW + dt.timedelta(days=1)):
        check = client.get(reverse("portal:check", args=[sent.pk]))
        assert check.status_code == 200
        assert "Attendance concerns were not shared" in check.content.decode()
        submitted = client.post(
            reverse("portal:check", args=[sent.pk]),
            {
                "records_secured_on-day": "3",
                "records_secured_on-month": "11",
                "records_secured_on-year": "2026",
                "records_secured_by": "Test Lead, DSL",
                "kept_separate": "on",
            },
        )
    assert submitted.status_code == 302
    assert InformationRequest.objects.get(pk=sent.pk).state == RequestState.SUBMITTED
    assert set(FamilyCorrection.objects.filter(request=request).values_list("field", "proposed_value")) == {
        ("ethnicity", "White Irish"),
        ("religion", "Catholic"),
    }


@pytest.mark.django_db
def test_a_form_for_another_request_is_refused_and_leaves_nothing(
    world: World, sent: InformationRequest, storage: Path
) -> None:
    other = InformationRequest.objects.create(case=sent.case, agency=world.agencies["other"], state=RequestState.SENT)
    client = Client()
    client.force_login(world.agency_users["own"])
    response = client.post(
        reverse("portal:upload", args=[sent.pk]),
        {
            "kind": "word_return",
            "file": SimpleUploadedFile("s.docx", word_return.build_template(other), content_type=DOCX),
        },
    )
    assert response.status_code == 400
    assert "form for a different request" in response.content.decode()
    assert Upload.objects.count() == 0
    assert [p for p in storage.rglob("*") if p.is_file()] == []
    assert InformationRequest.objects.get(pk=sent.pk).answers == {}
