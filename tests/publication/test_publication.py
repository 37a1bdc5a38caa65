"""Rules 64–70 and C11: the plan sets the date the copies count back from; the copies go through the
outbox to the three mailboxes (real SMTP); publication cannot be recorded before them; the year of
availability; not publishing. Each rule with an attempt to break it."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from cspr.accounts.roles import Role
from cspr.cases.models import Case, Person, PersonRole
from cspr.cases.transitions import ActionRefused
from cspr.deadlines import services
from cspr.deadlines.engine import State
from cspr.learning.models import Recommendation, Scope
from cspr.outbox import sender
from cspr.outbox.kinds import MailKind
from cspr.outbox.models import Message
from cspr.publication import actions
from cspr.publication.models import Copies, FinalReport, NonPublication, PreReading, Publication
from tests.mail import SMTPServer
from tests.publication.helpers import (
    APPROVED,
    AVAILABLE_UNTIL,
    PLANNED,
    SEND_BY,
    D,
    approve_all,
    at,
    date_post,
    plan,
    ready_for_approval,
)
from tests.world import World


def _approved(world: World) -> Case:
    return approve_all(world, ready_for_approval(world))


def _client(world: World, role: Role = Role.BUSINESS_MANAGER) -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


def _publish(world: World, case: Case, day: dt.date = PLANNED, late_reason: str = "") -> Publication:
    with at(day):
        return actions.record_published(
            case,
            published_on=day,
            url="https://test.invalid/reviews/report.pdf",
            reviewer_names="Test Reviewer",
            reviewer_named=True,
            late_reason=late_reason,
            acting_user=world.user(Role.BUSINESS_MANAGER),
        )


def test_the_plan_sets_the_date_and_the_task_list_shows_the_send_by_date(world: World) -> None:
    case = plan(world, _approved(world))
    assert case.publication_date == PLANNED
    with at(D(2027, 3, 3)):
        deadlines = {d.key: d for d in services.deadlines_for_case(case)}
        # C11: 7 working days before Thursday 1 April 2027, Good Friday and Easter Monday skipped.
        assert deadlines["prepublication_copies"].due == SEND_BY
        assert deadlines["available_until"].due == AVAILABLE_UNTIL
        page = _client(world).get(f"/lcspr/{case.reference}/").content.decode()
        assert "Send by 19 March 2027" in page
        overview = _client(world).get(f"/publication/{case.reference}/").content.decode()
        assert "Send by 19 March 2027" in overview
    with at(D(2027, 3, 22)):
        page = _client(world).get(f"/lcspr/{case.reference}/").content.decode()
        assert "Overdue" in page


def test_publication_cannot_be_recorded_before_the_copies_even_by_a_forged_post(world: World) -> None:
    case = plan(world, _approved(world))
    with at(PLANNED):
        response = _client(world).post(
            f"/publication/{case.reference}/published/",
            {"url": "https://test.invalid/r.pdf", "reviewer_names": "Test Reviewer", "reviewer_named": "on"}
            | date_post("published_on", PLANNED),
        )
        assert response.status_code == 400
        assert "before the copies to the National Panel, Ofsted and the Secretary of State" in response.content.decode()
        with pytest.raises(ValidationError, match="before the copies"):
            _publish(world, case)
    case.refresh_from_db()
    assert case.published_date is None
    assert not Publication.objects.exists()


def test_copies_go_to_the_three_mailboxes_with_the_report_and_the_decision_is_notified(
    world: World, smtp_server: SMTPServer
) -> None:
    case = plan(world, _approved(world))
    case.lead_partnership.ofsted_mailbox = "ofsted@test.invalid"
    case.lead_partnership.save()
    report = bytes(FinalReport.objects.get(case=case).content)
    with at(D(2027, 3, 15)):
        response = _client(world).post(f"/publication/{case.reference}/copies/", {})
        assert response.status_code == 302
        assert sender.send_pending() == {"sent": 4, "failed": 0}
    received = smtp_server.wait_for(4)
    copies = [r for r in received if r.message["Subject"].startswith("Pre-publication copy")]
    assert sorted(r.recipients[0] for r in copies) == sorted(
        ["Mailbox.NationalReviewPanel@education.gov.uk", "ofsted@test.invalid", "Mailbox.CPOD@education.gov.uk"]
    )
    for r in copies:
        [attached] = list(r.message.iter_attachments())
        assert attached.get_payload(decode=True) == report
        assert case.reference in r.message["Subject"]
    [notice] = [r for r in received if r.message["Subject"].startswith("Decision to publish")]
    assert len(notice.recipients) == 3
    assert "1 April 2027" in notice.message.get_content()
    assert not list(notice.message.iter_attachments())
    row = Copies.objects.get(case=case)
    assert row.sent_on == D(2027, 3, 15)
    assert row.due_by == SEND_BY
    assert not row.late
    assert row.sha256 == hashlib.sha256(report).hexdigest()
    with at(D(2027, 3, 15)):
        met = {d.key: d for d in services.deadlines_for_case(case)}["prepublication_copies"]
        assert met.state is State.MET
        assert met.met_on == D(2027, 3, 15)
        with pytest.raises(ValidationError, match="already been sent"):
            actions.send_copies(case, late_reason="", acting_user=world.user(Role.BUSINESS_MANAGER))
    assert Message.objects.filter(kind=MailKind.PREPUBLICATION_COPY).count() == 3


def test_late_copies_need_the_reason(world: World) -> None:
    case = plan(world, _approved(world))
    manager = world.user(Role.BUSINESS_MANAGER)
    with at(D(2027, 3, 22)):
        with pytest.raises(ValidationError, match="due by 19 March 2027"):
            actions.send_copies(case, late_reason="", acting_user=manager)
        assert not Copies.objects.exists()
        row = actions.send_copies(
            case, late_reason="The police asked for a week's delay (fictional).", acting_user=manager
        )
    assert row.late
    assert row.late_reason.startswith("The police")
    # Published on the planned date, less than 7 working days after the copies: the copies' reason stands.
    publication = _publish(world, case)
    assert publication.late_reason == ""


def test_published_sets_the_milestones_the_year_and_keeps_the_report_a_year(world: World) -> None:
    case = plan(world, _approved(world))
    manager = world.user(Role.BUSINESS_MANAGER)
    with at(D(2027, 3, 15)):
        actions.send_copies(case, late_reason="", acting_user=manager)
    with at(D(2027, 3, 16)), pytest.raises(ValidationError, match="less than 7 working days"):
        _publish(world, case, day=D(2027, 3, 16))
    with at(PLANNED), pytest.raises(ValidationError, match="names the reviewer"):
        actions.record_published(
            case,
            published_on=PLANNED,
            url="https://test.invalid/r.pdf",
            reviewer_names="Test Reviewer",
            reviewer_named=False,
            late_reason="",
            acting_user=manager,
        )
    publication = _publish(world, case)
    case.refresh_from_db()
    assert case.published_date == PLANNED
    assert case.stage == "embedding"
    assert publication.available_until == AVAILABLE_UNTIL
    with at(D(2027, 4, 2)):
        with pytest.raises(ValidationError, match="at least a year"):
            actions.record_archive(case, archived_on=D(2027, 4, 2), note="", acting_user=manager)
        actions.record_nspcc(case, submitted_on=D(2027, 4, 2), submitted_by="Test Manager", acting_user=manager)
        with pytest.raises(ActionRefused):
            actions.send_copies(case, late_reason="", acting_user=manager)
    with at(D(2028, 4, 3)):
        actions.record_archive(case, archived_on=D(2028, 4, 3), note="Kept on request", acting_user=manager)
    publication.refresh_from_db()
    assert publication.nspcc_submitted_on == D(2027, 4, 2)
    assert publication.archived_on == D(2028, 4, 3)


def test_not_publishing_refuses_a_determined_investigator_as_the_only_reason(world: World) -> None:
    case = _approved(world)
    manager = world.user(Role.BUSINESS_MANAGER)
    base = {
        "decided_on-day": "2",
        "decided_on-month": "3",
        "decided_on-year": "2027",
        "decided_by": "The three safeguarding partners with the CSPR group",
        "improvements_summary": "Agencies will share information at every transfer (fictional).",
        "improvements_url": "https://test.invalid/improvements",
    } | date_post("improvements_published_on", D(2027, 3, 2))
    with at(D(2027, 3, 2)):
        client = _client(world)
        response = client.post(
            f"/publication/{case.reference}/not-publishing/",
            base | {"reasons": ["determined_investigator"], "explanation": "The family is known locally."},
        )
        assert response.status_code == 400
        assert "is not a reason not to publish" in response.content.decode()
        response = client.post(
            f"/publication/{case.reference}/not-publishing/",
            base
            | {
                "reasons": ["determined_investigator", "other"],
                "explanation": "A determined investigator could identify them. The family might be identified.",
            },
        )
        assert "is not a reason not to publish" in response.content.decode()
        assert not NonPublication.objects.exists()
        response = client.post(
            f"/publication/{case.reference}/not-publishing/",
            base
            | {
                "reasons": ["determined_investigator", "child_welfare"],
                "explanation": "The surviving sibling's therapist advised that publication would set back her "
                "recovery (fictional).",
            },
        )
        assert response.status_code == 302
        with pytest.raises(ValidationError, match="decided not to publish"):
            actions.send_copies(case, late_reason="", acting_user=manager)
    row = NonPublication.objects.get(case=case)
    assert row.reasons == ["child_welfare", "determined_investigator"]
    notice = Message.objects.get(kind=MailKind.PUBLICATION_DECISION)
    assert notice.subject == f"Decision not to publish the LCSPR report {case.reference}"


def test_the_panel_is_contacted_first_when_there_are_national_recommendations(world: World) -> None:
    case = plan(world, _approved(world))
    Recommendation.objects.create(
        case=case,
        number=1,
        addressee="Department for Education",
        scope=Scope.NATIONAL,
        expected_change="X",
        measure="X",
        due_by=D(2027, 12, 1),
        created_by=world.user(Role.BUSINESS_MANAGER),
    )
    with at(D(2027, 3, 3)):
        page = _client(world).get(f"/publication/{case.reference}/").content.decode()
    assert "Contact the National Panel before publication" in page
    assert "national recommendations" in page


def test_pre_reading_and_practitioners_stay_within_the_case(world: World) -> None:
    case = _approved(world)
    manager = world.user(Role.BUSINESS_MANAGER)
    stranger = Person.objects.create(case=world.cases["other"], role=PersonRole.FAMILY_MEMBER, first_name="Stranger")
    with at(D(2027, 3, 3)):
        with pytest.raises(ValidationError, match="family record"):
            actions.record_pre_reading(
                case, person=stranger, other="", given_on=D(2027, 3, 3), how="", notes="", acting_user=manager
            )
        with pytest.raises(ValidationError, match="involved in this case"):
            actions.record_briefing(
                case, agency_id=world.agencies["other"].pk, told_on=D(2027, 3, 3), told_by="X", acting_user=manager
            )
        mother = Person.objects.filter(case=case).exclude(role=PersonRole.SUBJECT_CHILD).first()
        response = _client(world).post(
            f"/publication/{case.reference}/pre-reading/",
            {"person": str(mother.pk) if mother else "", "how": "In person"} | date_post("given_on", D(2027, 3, 3)),
        )
        assert response.status_code == 302
        response = _client(world).post(
            f"/publication/{case.reference}/practitioners/",
            {"agency": str(world.agencies["own"].pk), "told_by": "Test Senior Manager"}
            | date_post("told_on", D(2027, 3, 3)),
        )
        assert response.status_code == 302
        assert PreReading.objects.filter(case=case).count() == 1
        page = _client(world).get(f"/publication/{case.reference}/").content.decode()
        assert "Told 3 March 2027 by Test Senior Manager" in page
    assert D(2027, 3, 3) > APPROVED
