"""Rules around the LCSPR's requests: disclosure requests are answered with contact details only
(rule 56); chasing and the escalation ladder work for every kind (rule 57); an agency cannot answer
another agency's request, nor a reviewer outside the review team accept one."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.outbox.kinds import MailKind
from cspr.outbox.models import Message
from cspr.portal import actions, chasing, disclosure, escalation
from cspr.portal.models import DisclosureRequest, EscalationStep, Reminder, ReminderKind, RequestState, RequestType
from tests.portal.lcspr_helpers import DUE, NOW, client_for, commission, date_post, send
from tests.world import World

SECRET_ANSWER = "Quokka analysis only the review team reads"


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_disclosure_request_is_answered_with_the_agencys_contact_details_and_nothing_else(world: World) -> None:
    case = commission(world)
    agency = world.agencies["own"]
    agency.safeguarding_lead_name = "Test Safeguarding Lead"
    agency.safeguarding_lead_phone = "0100 000 0000"
    agency.save()
    report = send(world, RequestType.INFORMATION_REPORT)
    actions.save_draft(report, {"q4_analysis": SECRET_ANSWER}, None, acting_user=world.agency_users["own"])
    manager = client_for(world.user(Role.BUSINESS_MANAGER))
    response = manager.post(
        reverse("portal:new_disclosure", args=[case.reference]),
        {
            "agency": agency.pk,
            "requested_by": "police",
            "requester_name": "DC Test Officer",
            "requester_email": "officer@test.invalid",
            **date_post("requested_on", NOW.date()),
            "documents_sought": "The school's information report",
        },
    )
    assert response.status_code == 302
    found = DisclosureRequest.objects.get(case=case)
    assert (found.requested_by, found.requester_name, found.answered_on) == ("police", "DC Test Officer", None)
    answered = manager.post(reverse("portal:answer_disclosure", args=[case.reference, found.pk]))
    assert answered.status_code == 302
    found.refresh_from_db()
    assert found.answered_on == NOW.date()
    assert found.contact_details.splitlines() == [
        "Home Test School",
        "Test Safeguarding Lead",
        "school@test.invalid",
        "0100 000 0000",
    ]
    [email] = Message.objects.filter(kind=MailKind.DISCLOSURE_ANSWER)
    assert email.recipients == ["officer@test.invalid"]
    assert "Test Safeguarding Lead" in email.body
    # Nothing of the return leaves: no answer, no attachment, no child's name.
    assert SECRET_ANSWER not in email.body
    assert "Testchild" not in email.body
    assert not email.attachments.exists()
    page = manager.get(reverse("portal:disclosures", args=[case.reference])).content.decode()
    assert "DC Test Officer" in page
    assert SECRET_ANSWER not in page
    # A second answer is refused: the details went once.
    manager.post(reverse("portal:answer_disclosure", args=[case.reference, found.pk]))
    assert Message.objects.filter(kind=MailKind.DISCLOSURE_ANSWER).count() == 1


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_disclosure_request_is_refused_for_an_agency_outside_the_case_and_for_a_read_only_user(world: World) -> None:
    case = commission(world)
    with pytest.raises(Exception, match="agency"):
        disclosure.record_disclosure_request(
            case,
            agency=world.agencies["away"],
            requested_by="court",
            requester_name="Clerk",
            requester_email="clerk@test.invalid",
            requested_on=NOW.date(),
            documents_sought="Chronology",
            acting_user=world.user(Role.BUSINESS_MANAGER),
        )
    scrutineer = client_for(world.user(Role.SCRUTINEER))
    response = scrutineer.post(
        reverse("portal:new_disclosure", args=[case.reference]), {"agency": world.agencies["own"].pk}
    )
    assert response.status_code == 403
    assert not DisclosureRequest.objects.exists()


@pytest.mark.django_db
def test_chasing_and_the_escalation_ladder_apply_to_every_lcspr_kind(world: World) -> None:
    with time_machine.travel(NOW, tick=False):
        commission(world)
        requests = [send(world, kind) for kind in (RequestType.CHRONOLOGY, RequestType.LEARNING_TEMPLATE)]
        requests.append(send(world, RequestType.INFORMATION_REPORT, agency="other"))
    day_before = dt.datetime(2027, 1, 14, 7, tzinfo=dt.UTC)
    with time_machine.travel(day_before, tick=False):
        assert chasing.chase_requests(day_before.date()) == 3
    overdue = dt.datetime(2027, 1, 18, 7, tzinfo=dt.UTC)
    with time_machine.travel(overdue, tick=False):
        assert chasing.chase_requests(overdue.date()) == 3
        for request in requests:
            kinds = set(Reminder.objects.filter(request=request).values_list("kind", flat=True))
            assert kinds == {ReminderKind.BEFORE_DUE, ReminderKind.OVERDUE}
        # Rule 57: lead reviewer or team -> CSPR group -> strategic lead -> safeguarding partners.
        reviewer = world.user(Role.LEAD_REVIEWER)
        report = requests[2]
        steps = [escalation.escalate(report, reason="No reply.", acting_user=reviewer).step for _ in range(3)]
        assert steps == [EscalationStep.CSPR_GROUP, EscalationStep.STRATEGIC_LEAD, EscalationStep.PARTNERS]
        page = (
            client_for(reviewer)
            .get(reverse("portal:case_request", args=[world.cases["own"].reference, report.pk]))
            .content.decode()
        )
        assert "Escalated to the safeguarding partners" in page
        # The case page's glance shows the latest step only (a subquery in the requests' query).
        case_page = (
            client_for(reviewer).get(reverse("cases:detail", args=[world.cases["own"].reference])).content.decode()
        )
        assert "Escalated to the safeguarding partners" in case_page
        assert "Referred to the CSPR group" not in case_page
    for message in Message.objects.filter(kind__in=[MailKind.AGENCY_REMINDER, MailKind.AGENCY_ESCALATION]):
        assert "Testchild" not in message.body


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_an_agency_cannot_answer_or_read_another_agencys_request(world: World) -> None:
    commission(world)
    report = send(world, RequestType.INFORMATION_REPORT)  # to the school
    other = client_for(world.agency_users["other"])  # the GP's lead
    for name, args in (
        ("portal:request", [report.pk]),
        ("portal:answer", [report.pk]),
        ("portal:answer_section", [report.pk, "analysis"]),
        ("portal:check", [report.pk]),
        ("portal:interviews", [report.pk]),
        ("portal:upload", [report.pk]),
    ):
        assert other.get(reverse(name, args=args)).status_code == 404, name
    forged = other.post(
        reverse("portal:answer_section", args=[report.pk, "analysis"]),
        {"version": report.version, "q4_analysis": "Forged answer", "save": "1"},
    )
    assert forged.status_code == 404
    forged_interview = other.post(
        reverse("portal:interviews", args=[report.pk]),
        {"staff_role": "X", **date_post("notice_given_on", NOW.date()), **date_post("interviewed_on", NOW.date())},
    )
    assert forged_interview.status_code == 404
    report.refresh_from_db()
    assert "q4_analysis" not in report.answers
    assert not report.interviews.exists()


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_lead_reviewer_of_another_review_cannot_accept_a_return(world: World) -> None:
    commission(world)
    chronology = send(world, RequestType.CHRONOLOGY)
    from cspr.portal.models import InformationRequest

    InformationRequest.objects.filter(pk=chronology.pk).update(state=RequestState.SUBMITTED)
    from cspr.cases.models import CaseMembership

    CaseMembership.objects.filter(case=world.cases["own"], user=world.user(Role.REVIEW_TEAM_MEMBER)).delete()
    outsider = client_for(world.user(Role.REVIEW_TEAM_MEMBER))
    response = outsider.post(
        reverse("portal:review", args=[world.cases["own"].reference, chronology.pk]), {"decision": "accept"}
    )
    assert response.status_code == 404  # no longer on the case at all
    chronology.refresh_from_db()
    assert chronology.state == RequestState.SUBMITTED
    assert chronology.due_date == DUE
