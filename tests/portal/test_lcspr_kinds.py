"""The LCSPR's request kinds end to end through the real portal pages: the partnership sends, the
agency answers online (drafts, sections) or in Word, the review team accepts or sends back; the
information report comes back by itself when questions are unanswered (rule 54); interview records
never leave the agency (rule 55); a chronology, once accepted, is in the integrated chronology."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.chronology.models import ChronologyEntry, EntryKind, EntryOrigin
from cspr.documents import engine
from cspr.outbox.kinds import MailKind
from cspr.outbox.models import Message
from cspr.portal import actions, interviews
from cspr.portal.kinds.registry import REGISTRY
from cspr.portal.models import InformationRequest, RequestState, RequestType, StaffInterview
from tests.documents.helpers import docx_text
from tests.portal.lcspr_helpers import AUTHOR, DUE, NOW, SIGN_OFF, client_for, commission, date_post, flag_event, send
from tests.world import World

TODAY = NOW.date()


def _section(client: Client, request: InformationRequest, slug: str, data: dict[str, Any]) -> None:
    request.refresh_from_db()
    response = client.post(
        reverse("portal:answer_section", args=[request.pk, slug]), {"version": request.version, "save": "1", **data}
    )
    assert response.status_code == 302, response.content.decode()[:3000]


def _submit(client: Client, request: InformationRequest) -> Any:
    return client.post(
        reverse("portal:check", args=[request.pk]),
        {**date_post("records_secured_on", TODAY), "records_secured_by": "Test Author", "kept_separate": "on"},
    )


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_send_page_sends_a_chronology_request_with_the_deadline_set_for_the_case(world: World) -> None:
    case = commission(world)
    manager = client_for(world.user(Role.BUSINESS_MANAGER))
    url = reverse("portal:send_kind", args=[case.reference, "chronology"])
    page = manager.get(url).content.decode()
    assert "A fictional summary for the review." in page  # the Rapid Review's summary to start from
    response = manager.post(
        url,
        {
            "agencies": [world.agencies["own"].pk],
            **date_post("due_date", DUE),
            "case_summary": "Summary sent to agencies.",
            "time_period": "2024 to 2026",
        },
    )
    assert response.status_code == 302
    request = InformationRequest.objects.get(case=case, request_type=RequestType.CHRONOLOGY)
    assert (request.state, request.due_date, request.case_summary) == (
        RequestState.SENT,
        DUE,
        "Summary sent to agencies.",
    )
    email = Message.objects.get(kind=MailKind.AGENCY_REQUEST, case=case)
    assert "15 January 2027" in email.body
    assert "Testchild" not in email.body
    # A second send skips the agency that already has one.
    again = manager.get(url).content.decode()
    assert f'value="{world.agencies["own"].pk}"' not in again


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_sending_is_refused_before_the_lcspr_is_commissioned(world: World) -> None:
    manager = client_for(world.user(Role.BUSINESS_MANAGER))
    url = reverse("portal:send_kind", args=[world.cases["own"].reference, "information_report"])
    response = manager.post(
        url,
        {"agencies": [world.agencies["own"].pk], **date_post("due_date", DUE), "case_summary": "S", "time_period": "T"},
    )
    assert response.status_code == 400  # the page shows the refusal in its error summary
    assert "error-summary" in response.content.decode()
    assert not InformationRequest.objects.filter(request_type=RequestType.INFORMATION_REPORT).exists()


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_chronology_answered_online_is_accepted_by_the_review_team_and_imported(world: World) -> None:
    commission(world)
    request = send(world, RequestType.CHRONOLOGY)
    lead = client_for(world.agency_users["own"])
    _section(lead, request, "author", {**AUTHOR, **date_post("date_completed", TODAY)})
    _section(lead, request, "sign_off", {**SIGN_OFF, **date_post("signed_off_on", TODAY)})
    _section(
        lead,
        request,
        "key_events",
        {
            "tracker_rows": "2",
            "r1_date": "12/03/2025",
            "r1_source": "Attendance register",
            "r1_key_event": "Attendance fell below 80%",
            "r1_child_contact": "Seen alone by the class teacher",
            "r2_date": "May 2025",
            "r2_source": "Pastoral log",
            "r2_key_event": "Bruise noticed on arm",
        },
    )
    _section(
        lead,
        request,
        "organisational_changes",
        {"tracker_rows": "1", "r1_date": "01/09/2024", "r1_key_event": "New pastoral lead", "r1_source": "HR"},
    )
    assert _submit(lead, request).status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.SUBMITTED

    # Another writer of the partnership who is not on the review team cannot accept it.
    group_member = client_for(world.user(Role.CSPR_GROUP_MEMBER))
    review = reverse("portal:review", args=[world.cases["own"].reference, request.pk])
    assert "Only the review team" in group_member.get(review).content.decode()
    group_member.post(review, {"decision": "accept"})
    request.refresh_from_db()
    assert request.state == RequestState.SUBMITTED

    reviewer = client_for(world.user(Role.REVIEW_TEAM_MEMBER))
    assert reviewer.post(review, {"decision": "accept"}).status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED
    imported = ChronologyEntry.objects.filter(
        case=world.cases["own"], agency=world.agencies["own"], origin=EntryOrigin.IMPORT
    )
    assert sorted(imported.values_list("key_event", flat=True)) == [
        "Attendance fell below 80%",
        "Bruise noticed on arm",
        "New pastoral lead",
    ]
    assert imported.get(key_event="New pastoral lead").kind == EntryKind.ORGANISATIONAL_CHANGE


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_chronology_returned_in_word_reads_back_into_the_same_rows(world: World) -> None:
    commission(world)
    request = send(world, RequestType.CHRONOLOGY)
    kind = REGISTRY[RequestType.CHRONOLOGY]
    lead_user = world.agency_users["own"]
    actions.save_draft(
        request,
        {
            **{k: v for k, v in AUTHOR.items() if k != "author_independent"},
            "author_independent": "yes",
            "date_completed": TODAY.isoformat(),
            "key_events": [{"date": "02/02/2025", "source": "Register", "key_event": "Absent for a week"}],
        },
        None,
        acting_user=lead_user,
    )
    request.refresh_from_db()
    assert kind.word_form is not None
    data = kind.word_form.build(request)
    lead = client_for(lead_user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = lead.post(
        reverse("portal:upload", args=[request.pk]),
        {"kind": "word_return", "file": SimpleUploadedFile("c.docx", data)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    request.refresh_from_db()
    assert request.answers["key_events"][0]["key_event"] == "Absent for a week"
    assert request.answers["author_name"] == "Test Author"
    assert request.answers["author_independent"] == "yes"
    # A form for another request is refused.
    other = send(world, RequestType.CHRONOLOGY, agency="other")
    refused = client_for(world.agency_users["other"]).post(
        reverse("portal:upload", args=[other.pk]), {"kind": "word_return", "file": SimpleUploadedFile("c.docx", data)}
    )
    assert "different request" in refused.content.decode()


INFORMATION_REPORT_PARTS = {
    "parallel": {"q1_parallel": "no"},
    "sources": {"q2_documents": "School records", "q2_interviews": "Class teacher interviewed"},
    "summary": {"q31_reviewed": "on", "q31_corrections": "None", "q32_context": "Staff changes in 2025"},
    "analysis": {"q4_analysis": "Concerns were logged but not shared"},
    "good_practice": {"q5_good_practice": "Attendance tracked weekly"},
    "learning": {"q6_learning": "Share sooner"},
    "single_agency": {"q7_implemented": "New log", "q7_planned": "Training"},
    "multi_agency": {"q8_multi_agency": "Joint meetings"},
}


def _report_ready(world: World, request: InformationRequest, lead: Client) -> None:
    _section(lead, request, "author", {**AUTHOR, **date_post("date_completed", TODAY)})
    _section(lead, request, "sign_off", {**SIGN_OFF, **date_post("signed_off_on", TODAY)})
    for slug, data in INFORMATION_REPORT_PARTS.items():
        _section(lead, request, slug, data)


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_an_information_report_with_an_unanswered_question_comes_back_automatically(world: World) -> None:
    commission(world)
    request = send(world, RequestType.INFORMATION_REPORT)
    lead = client_for(world.agency_users["own"])
    _report_ready(world, request, lead)  # question 9 left empty
    check = lead.get(reverse("portal:check", args=[request.pk])).content.decode()
    assert "returned to you automatically" in check
    assert _submit(lead, request).status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.REVISION_REQUESTED
    assert "9. Other relevant information" in request.revision_reasons
    assert list(request.events.values_list("transition", flat=True))[-2:] == ["submit", "return_incomplete"]
    email = Message.objects.get(kind=MailKind.AGENCY_INCOMPLETE)
    assert "9. Other relevant information" in email.body
    assert "Testchild" not in email.body
    assert "Concerns were logged" not in email.body
    page = lead.get(reverse("portal:request", args=[request.pk])).content.decode()
    assert "9. Other relevant information" in page
    # Answered and submitted again: it stays with the review team.
    _section(lead, request, "other", {"q9_other": "None"})
    assert _submit(lead, request).status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.RESUBMITTED


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_an_information_report_cannot_be_submitted_without_the_author_and_sign_off(world: World) -> None:
    commission(world)
    request = send(world, RequestType.INFORMATION_REPORT)
    lead = client_for(world.agency_users["own"])
    for slug, data in INFORMATION_REPORT_PARTS.items():
        _section(lead, request, slug, data)
    response = _submit(lead, request)
    assert response.status_code == 400
    text = response.content.decode()
    assert "no previous operational involvement" in text
    assert "signing off this report" in text
    request.refresh_from_db()
    assert request.state == RequestState.OPENED


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_an_information_report_is_sent_back_with_reasons_then_accepted_by_the_business_manager(world: World) -> None:
    commission(world)
    request = send(world, RequestType.INFORMATION_REPORT)
    lead = client_for(world.agency_users["own"])
    _report_ready(world, request, lead)
    _section(lead, request, "other", {"q9_other": "None"})
    assert _submit(lead, request).status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.SUBMITTED
    review = reverse("portal:review", args=[world.cases["own"].reference, request.pk])
    lead_reviewer = client_for(world.user(Role.LEAD_REVIEWER))
    lead_reviewer.post(review, {"decision": "revise", "reasons": "Say more about question 4."})
    request.refresh_from_db()
    assert (request.state, request.revision_reasons) == (RequestState.REVISION_REQUESTED, "Say more about question 4.")
    assert _submit(lead, request).status_code == 302
    manager = client_for(world.user(Role.BUSINESS_MANAGER))
    assert manager.post(review, {"decision": "accept"}).status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_an_interview_record_never_leaves_the_agency(world: World) -> None:
    commission(world)
    request = send(world, RequestType.INFORMATION_REPORT)
    lead = client_for(world.agency_users["own"])
    secret = "Zebra-words said only in the interview"
    response = lead.post(
        reverse("portal:interviews", args=[request.pk]),
        {
            "staff_role": "Class teacher",
            **date_post("notice_given_on", dt.date(2026, 12, 1)),
            **date_post("interviewed_on", dt.date(2026, 12, 3)),
            **date_post("summary_given_on", dt.date(2026, 12, 4)),
            "disagreement": "Disagreed about one date; noted",
            "record": secret,
        },
    )
    assert response.status_code == 302
    interview = StaffInterview.objects.get(request=request)
    assert interview.record == secret
    _report_ready(world, request, lead)
    _section(lead, request, "other", {"q9_other": "None"})
    _submit(lead, request)
    case = world.cases["own"]
    reviewer = client_for(world.user(Role.LEAD_REVIEWER))
    for url in (
        reverse("portal:case_request", args=[case.reference, request.pk]),
        reverse("portal:review", args=[case.reference, request.pk]),
        reverse("portal:kind_collated", args=[case.reference, "information_report"]),
        reverse("portal:case_requests", args=[case.reference]),
    ):
        assert secret not in reviewer.get(url).content.decode(), url
    word = REGISTRY[RequestType.INFORMATION_REPORT].word_form
    assert word is not None
    request.refresh_from_db()
    assert secret not in docx_text(word.build(request))
    for document_id in ("INFORMATION_REPORT", "INFORMATION_REPORT_REQUEST_LETTER"):
        assert secret not in docx_text(engine.render(document_id, case, agency=world.agencies["own"]))
    assert not Message.objects.filter(body__contains="Zebra").exists()
    assert "Zebra" not in str(list(AuditEvent.objects.filter(case_id=case.pk).values_list("after", "detail", "before")))


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_notice_must_come_before_the_interview_and_the_summary_after(world: World) -> None:
    commission(world)
    request = send(world, RequestType.INFORMATION_REPORT)
    lead = world.agency_users["own"]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        interviews.save_interview(
            request,
            staff_role="Teacher",
            notice_given_on=dt.date(2026, 12, 4),
            interviewed_on=dt.date(2026, 12, 3),
            summary_given_on=dt.date(2026, 12, 2),
            acting_user=lead,
        )
    assert "before the interview" in str(refused.value)
    assert "after the interview" in str(refused.value)
    assert not StaffInterview.objects.exists()


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_learning_template_has_a_section_per_kloe_and_per_significant_event(world: World) -> None:
    commission(world)
    flag_event(world)
    request = send(world, RequestType.LEARNING_TEMPLATE)
    lead = client_for(world.agency_users["own"])
    tasks = lead.get(reverse("portal:answer", args=[request.pk])).content.decode()
    assert "Key line of enquiry 1: How agencies shared information about neglect" in tasks
    assert "Key line of enquiry 2: Whether the child" in tasks
    assert "Significant event 04/05/2026: Missed appointment not followed up" in tasks
    slug = request.topics[0]["slug"]
    _section(lead, request, slug, {f"{slug}_analysis": "Information stayed in the school"})
    request.refresh_from_db()
    assert request.answers[f"{slug}_analysis"] == "Information stayed in the school"
    # Executive sign-off is required before submission.
    text = _submit(lead, request).content.decode()
    assert "executive signing off this learning template" in text


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_agency_downloads_the_letter_guidance_and_template_sent_with_its_request(world: World) -> None:
    commission(world)
    request = send(world, RequestType.INFORMATION_REPORT)
    lead = client_for(world.agency_users["own"])
    page = lead.get(reverse("portal:request", args=[request.pk])).content.decode()
    assert "Guidance on Completing an Information Report" in page
    guidance = lead.get(reverse("portal:document", args=[request.pk, "information_report_guidance"]))
    assert guidance.status_code == 200
    assert "Who Should Complete the Information Report?" in docx_text(guidance.content)
    letter = docx_text(lead.get(reverse("portal:document", args=[request.pk, "letter"])).content)
    assert "15 January 2027" in letter
    assert "Home Test School" in docx_text(lead.get(reverse("portal:document", args=[request.pk, "form"])).content)
    assert lead.get(reverse("portal:document", args=[request.pk, "chronology_guidance"])).status_code == 404


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_an_information_report_returned_in_word_reads_back_into_the_online_fields(world: World) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from docx import Document

    commission(world)
    request = send(world, RequestType.INFORMATION_REPORT)
    word = REGISTRY[RequestType.INFORMATION_REPORT].word_form
    assert word is not None
    document = Document(io.BytesIO(word.build(request)))
    typed = {
        "4. Analysis of involvement": "Typed in Word: concerns stayed within the school",
        "Date the report was signed off": "07/12/2026",
        "The individual completing this report has had no previous operational involvement in the management of "
        "this case": "Yes",
    }
    for table in document.tables:
        for row in table.rows:
            if row.cells[0].text in typed:
                row.cells[1].text = typed[row.cells[0].text]
    out = io.BytesIO()
    document.save(out)
    lead = client_for(world.agency_users["own"])
    response = lead.post(
        reverse("portal:upload", args=[request.pk]),
        {"kind": "word_return", "file": SimpleUploadedFile("report.docx", out.getvalue())},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.answers["q4_analysis"] == "Typed in Word: concerns stayed within the school"
    assert request.answers["signed_off_on"] == "2026-12-07"
    assert request.answers["author_independent"] == "yes"
    summary = lead.get(reverse("portal:check", args=[request.pk])).content.decode()
    assert "7 December 2026" in summary


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_chronology_returned_in_excel_reads_back_into_the_same_rows(world: World) -> None:
    import io

    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cspr.portal.word_return import request_code

    commission(world)
    request = send(world, RequestType.CHRONOLOGY)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Request reference", request_code(request)])
    sheet.append(["Date", "Time", "Source of Information", "Key Event/Action Undertaken", "Comment and Analysis"])
    sheet.append([dt.datetime(2025, 3, 12), "09:15", "Register", "Excel row: attendance fell", "Share sooner"])
    out = io.BytesIO()
    book.save(out)
    lead = client_for(world.agency_users["own"])
    response = lead.post(
        reverse("portal:upload", args=[request.pk]),
        {"kind": "word_return", "file": SimpleUploadedFile("chronology.xlsx", out.getvalue())},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    request.refresh_from_db()
    [row] = request.answers["key_events"]
    assert (row["date"], row["key_event"], row["comment"]) == (
        "12/03/2025",
        "Excel row: attendance fell",
        "Share sooner",
    )
