"""The Rapid Review's named actions: hard rules, stage table, audit rows and emails."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.cases.models import AgencyInvolvement, Stage
from cspr.cases.transitions import ActionRefused
from cspr.organisations.models import PartnerKind
from cspr.portal.actions import send_scoping_requests
from cspr.rapidreview import actions, quorum, ratification
from cspr.rapidreview.models import Attendee, RapidReviewRecord, Submission
from tests.rapidreview.helpers import TODAY, add_family_member, at_stage, decide_lcspr, meeting_with, ratify_all

pytestmark = pytest.mark.django_db


def docx_text(data: bytes) -> str:
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 11, 16, 12, 0, tzinfo=dt.UTC)):
        yield


def test_scoping_refused_until_family_composition_is_filled_in(world):
    case = at_stage(world.cases["own"], Stage.REFERRAL)
    manager = world.user(Role.BUSINESS_MANAGER)
    with pytest.raises(ValidationError, match="family member"):
        send_scoping_requests(case, [world.agencies["own"]], sent_date=TODAY, acting_user=manager)
    add_family_member(case)
    send_scoping_requests(case, [world.agencies["own"], world.agencies["other"]], sent_date=TODAY, acting_user=manager)
    case.refresh_from_db()
    assert case.stage == Stage.SCOPING
    assert case.scoping_sent_date == TODAY
    assert set(
        AgencyInvolvement.objects.filter(case=case, scoping_requested=True).values_list("agency", flat=True)
    ) == {
        world.agencies["own"].pk,
        world.agencies["other"].pk,
    }
    event = AuditEvent.objects.filter(action="portal.send_scoping_requests").get()
    assert event.after["stage"] == "scoping"
    assert event.before["stage"] == "referral"
    # Each agency gets its scoping request through the portal.
    from cspr.portal.models import InformationRequest

    assert set(InformationRequest.objects.filter(case=case).values_list("agency", flat=True)) == {
        world.agencies["own"].pk,
        world.agencies["other"].pk,
    }


def test_scoping_not_allowed_after_the_decision(world):
    case = world.cases["own"]
    add_family_member(case)
    meeting_with(world, case, list(PartnerKind))
    decide_lcspr(world, case)
    with pytest.raises(ActionRefused):
        send_scoping_requests(
            case, [world.agencies["own"]], sent_date=TODAY, acting_user=world.user(Role.BUSINESS_MANAGER)
        )


def test_meeting_outside_window_warns_but_is_saved(world):
    case = at_stage(world.cases["own"], Stage.SCOPING)  # referral Monday 2 November 2026
    manager = world.user(Role.BUSINESS_MANAGER)
    _, warning = actions.set_meeting(case, date=dt.date(2026, 11, 4), time="", location="", acting_user=manager)
    assert "should be held between 11 November 2026 and 19 November 2026" in warning
    case.refresh_from_db()
    assert case.meeting_date == dt.date(2026, 11, 4)
    assert case.stage == Stage.MEETING
    _, warning = actions.set_meeting(case, date=dt.date(2026, 11, 13), time="", location="", acting_user=manager)
    assert warning == ""


def test_no_decision_at_an_inquorate_meeting(world):
    case = world.cases["own"]
    meeting_with(world, case, [PartnerKind.LOCAL_AUTHORITY, PartnerKind.ICB])
    with pytest.raises(ValidationError, match=r"inquorate.*Police"):
        decide_lcspr(world, case)
    case.refresh_from_db()
    assert case.stage == Stage.MEETING
    assert not RapidReviewRecord.objects.filter(case=case).exclude(decision=[]).exists()
    assert not AuditEvent.objects.filter(action="rapidreview.record_decision").exists()


def test_absent_or_observer_police_does_not_make_quorum(world):
    case = world.cases["own"]
    meeting = meeting_with(world, case, [PartnerKind.LOCAL_AUTHORITY, PartnerKind.ICB])
    Attendee.objects.create(meeting=meeting, name="Absent", role="DI", organisation="Police", represents="police")
    Attendee.objects.create(
        meeting=meeting, name="Watcher", role="PC", organisation="Police", observer=True, present=True
    )
    q = quorum.for_meeting(meeting)
    assert not q.quorate
    assert q.missing == ["Police"]


def test_quorate_meeting_records_the_decision_and_flags_no_delegated_authority(world):
    case = world.cases["own"]
    meeting = meeting_with(world, case, list(PartnerKind))
    police = Attendee.objects.get(meeting=meeting, represents="police")
    police.delegated_authority = False
    police.save()
    assert quorum.for_meeting(meeting).without_authority == ["Test Police rep (Police) has no delegated authority"]
    decide_lcspr(world, case)
    case.refresh_from_db()
    assert case.stage == Stage.RATIFICATION
    assert case.decision_date == dt.date(2026, 11, 13)
    event = AuditEvent.objects.get(action="rapidreview.record_decision")
    assert event.after["without_authority"] == ["Test Police rep (Police) has no delegated authority"]


@pytest.mark.parametrize(
    ("decision", "kloes", "reasons", "field"),
    [
        ([], "", "r", "decision"),
        (["a", "b"], "k", "r", "decision"),
        (["d", "e"], "", "r", "decision"),
        (["b"], "", "r", "kloes"),
        (["c"], "k", "", "reasons"),
        (["d"], "", "r", "other_review"),
        (["e"], "", "r", "decision"),  # no detailed learning recorded
    ],
)
def test_decision_rules_c9(decision, kloes, reasons, field):
    errors = actions.decision_errors(
        decision, other_review="", kloes=kloes, reasons=reasons, record=RapidReviewRecord(immediate_learning="")
    )
    assert field in errors


def test_decision_d_combines_with_b_and_e_with_detailed_learning():
    record = RapidReviewRecord(immediate_learning="Detailed learning: " + "x" * 60)
    assert actions.decision_errors(["b", "d"], other_review="DHR", kloes="k", reasons="r", record=record) == {}
    assert actions.decision_errors(["e"], other_review="", kloes="", reasons="r", record=record) == {}


def test_ratification_rules_and_no_submission_before_all_three(world):
    case = world.cases["own"]
    meeting_with(world, case, list(PartnerKind))
    decide_lcspr(world, case)
    lead = world.user(Role.PARTNER_LEAD)
    with pytest.raises(ValidationError, match="Only a statutory partner lead"):
        actions.ratify(
            case,
            partner="la",
            executive_name="X",
            executive_role="Y",
            date=TODAY,
            acting_user=world.user(Role.CSPR_GROUP_MEMBER),
        )
    actions.ratify(case, partner="la", executive_name="Exec LA", executive_role="DCS", date=TODAY, acting_user=lead)
    with pytest.raises(ValidationError, match="already ratified"):
        actions.ratify(case, partner="la", executive_name="Exec", executive_role="DCS", date=TODAY, acting_user=lead)
    with pytest.raises(ValidationError, match="Only a statutory partner lead"):
        actions.ratify(
            case,
            partner="icb",
            executive_name="Exec ICB",
            executive_role="Chief Nurse",
            date=TODAY,
            acting_user=world.user(Role.BUSINESS_MANAGER),
        )
    r = ratification.ratify_on_behalf(
        case,
        partner="icb",
        executive_name="Exec ICB",
        executive_role="Chief Nurse",
        date=TODAY,
        reason="The ICB lead ratified by email while travelling.",
        delegation="Written delegation from the ICB lead, 2 November 2026.",
        acting_user=world.user(Role.BUSINESS_MANAGER),
    )
    assert r.on_behalf is True
    with pytest.raises(ValidationError, match="Still to ratify: Police"):
        actions.submit(case, method="email", date=TODAY, acting_user=world.user(Role.BUSINESS_MANAGER))
    assert not Submission.objects.exists()
    case.refresh_from_db()
    assert case.stage == Stage.RATIFICATION
    assert case.ratified_date is None


def test_ratify_only_in_ratification_stage(world):
    with pytest.raises(ActionRefused):
        actions.ratify(
            world.cases["own"],
            partner="la",
            executive_name="X",
            executive_role="Y",
            date=TODAY,
            acting_user=world.user(Role.PARTNER_LEAD),
        )


def test_submission_emails_the_pack_and_notices(world, smtp_server, django_capture_on_commit_callbacks, settings):
    case = world.cases["own"]
    case.lead_partnership.panel_mailbox = "panel@test.invalid"
    case.lead_partnership.save()
    AgencyInvolvement.objects.create(case=case, agency=world.agencies["own"])
    meeting_with(world, case, list(PartnerKind))
    decide_lcspr(world, case)
    ratify_all(world, case)
    case.refresh_from_db()
    assert case.ratified_date == TODAY
    with django_capture_on_commit_callbacks(execute=True):
        submission = actions.submit(case, method="email", date=TODAY, acting_user=world.user(Role.BUSINESS_MANAGER))
    messages = smtp_server.wait_for(3)
    assert len(messages) == 3
    pack = next(m for m in messages if "panel@test.invalid" in m.recipients and "submission" in m.message["Subject"])
    names = [part.get_filename() for part in pack.message.iter_attachments()]
    # Generated through the documents app: Word files, each a stored, audited version.
    assert names == [
        "HOME-2026-001_4_RAPID_REVIEW_TEMPLATE.docx",
        "HOME-2026-001_5_RAPID_REVIEW_SUBMISSION_LETTER.docx",
    ]
    sent = next(pack.message.iter_attachments()).get_payload(decode=True)
    doc4 = docx_text(sent)
    assert "Exec Police" in doc4
    assert "How well did agencies share information?" in doc4
    import hashlib

    assert submission.attachments[0]["sha256"] == hashlib.sha256(sent).hexdigest()
    from cspr.documents.models import GeneratedDocument

    generated = GeneratedDocument.objects.get(pk=submission.attachments[0]["generated_document_id"])
    assert generated.sha256 == submission.attachments[0]["sha256"]
    letter = docx_text(list(pack.message.iter_attachments())[1].get_payload(decode=True))
    assert "meets the criteria for a local Child Safeguarding Practice Review" in letter
    commissioning = next(m for m in messages if "commission" in m.message["Subject"])
    assert set(commissioning.recipients) == {"panel@test.invalid", settings.DFE_MAILBOX, settings.OFSTED_MAILBOX}
    outcome = next(m for m in messages if "outcome" in m.message["Subject"])
    assert "school@test.invalid" in outcome.recipients
    # Routine emails carry the reference and outcome, never the child's name.
    for m in messages:
        if m is not pack:
            assert "Testchild" not in m.message.get_body().get_content()
    case.refresh_from_db()
    assert case.stage == Stage.SUBMITTED
    assert case.submitted_date == TODAY


def test_manual_submission_sends_nothing_to_the_panel_but_records_the_pack(
    world, smtp_server, django_capture_on_commit_callbacks
):
    case = world.cases["own"]
    meeting_with(world, case, list(PartnerKind))
    decide_lcspr(world, case)
    ratify_all(world, case)
    with django_capture_on_commit_callbacks(execute=True):
        submission = actions.submit(case, method="manual", date=TODAY, acting_user=world.user(Role.BUSINESS_MANAGER))
    subjects = [m.message["Subject"] for m in smtp_server.wait_for(1)]
    assert not any("submission" in s for s in subjects)
    assert len(submission.attachments) == 2
    actions.record_panel_response(
        case, response="Agreed with the decision.", date=TODAY, acting_user=world.user(Role.BUSINESS_MANAGER)
    )
    submission.refresh_from_db()
    assert submission.panel_response == "Agreed with the decision."


def test_invitations_go_to_attendees_once(world, smtp_server, django_capture_on_commit_callbacks):
    case = world.cases["own"]
    meeting_with(world, case, [PartnerKind.LOCAL_AUTHORITY, PartnerKind.POLICE])
    with django_capture_on_commit_callbacks(execute=True):
        count = actions.send_invitations(case, acting_user=world.user(Role.BUSINESS_MANAGER))
    assert count == 2
    messages = smtp_server.wait_for(2)
    assert {r for m in messages for r in m.recipients} == {"la@test.invalid", "police@test.invalid"}
    assert all(
        "HOME-2026-001" in m.message["Subject"] and "Testchild" not in m.message.get_body().get_content()
        for m in messages
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_invitations(case, acting_user=world.user(Role.BUSINESS_MANAGER)) == 0


def test_record_drafts_are_versioned(world):
    case = world.cases["own"]
    manager, member = world.user(Role.BUSINESS_MANAGER), world.user(Role.CSPR_GROUP_MEMBER)
    record = actions.save_record(case, expected_version=None, values={"case_summary": "First"}, acting_user=manager)
    assert record.version == 2
    actions.save_record(case, expected_version=2, values={"themes": "Neglect"}, acting_user=member)
    from cspr.cases.concurrency import StaleEdit

    with pytest.raises(StaleEdit) as stale:
        actions.save_record(case, expected_version=2, values={"case_summary": "Mine"}, acting_user=manager)
    assert "Test CSPR group member changed this record" in str(stale.value)
    assert "themes" in str(stale.value)
    record.refresh_from_db()
    assert record.case_summary == "First"
    assert record.themes == "Neglect"
