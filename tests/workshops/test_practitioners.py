"""Practitioners: invited by email to one workshop, MFA forced, and then only their own worksheets and
their workshop's briefing. The review team reads the worksheets without names; nobody else reads them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.outbox.kinds import MailKind
from cspr.outbox.models import Message
from cspr.workshops import actions
from cspr.workshops.models import Participant, Worksheet
from tests.workshops.helpers import WorkshopFixture, commission, nominate, workshop_fixture
from tests.world import PASSWORD, World

pytestmark = pytest.mark.django_db

BEFORE = dt.datetime(2026, 12, 14, 12, 0, tzinfo=dt.UTC)  # the day before the workshop (15 December, 09:45)
DURING = dt.datetime(2026, 12, 15, 10, 30, tzinfo=dt.UTC)


@pytest.fixture
def fx(world: World) -> WorkshopFixture:
    commission(world.cases["own"])
    return workshop_fixture(world, world.cases["own"])


def _client(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _answers(number: int, text: str) -> dict[str, str]:
    from cspr.workshops.worksheets import SHEETS

    found = {q.key: f"{text} {q.key}" for q in SHEETS[number].questions}
    if number == 1:
        found["confidentiality"] = "on"
    return found


@time_machine.travel(BEFORE, tick=False)
def test_a_practitioner_reaches_only_their_own_worksheets_and_briefing(world: World, fx: WorkshopFixture) -> None:
    me = _client(world.user(Role.PRACTITIONER))
    case = world.cases["own"]
    mine = fx.participant
    assert me.get(reverse("workshops:worksheet", args=[mine.pk, 1])).status_code == 200
    assert me.get(reverse("workshops:briefing", args=[fx.workshop.pk])).status_code == 200
    # Another practitioner's worksheet, read or written: 404, and nothing is saved.
    other_url = reverse("workshops:worksheet", args=[fx.other.pk, 1])
    assert me.get(other_url).status_code == 404
    assert me.post(other_url, {**_answers(1, "Forged"), "submit": "1"}).status_code == 404
    assert not Worksheet.objects.filter(participant=fx.other).exists()
    assert me.get(reverse("workshops:comment", args=[fx.other.pk])).status_code == 404
    # A workshop that does not exist, the case's pages, the portal, the internal tools: none exists for them.
    for url in (
        reverse("workshops:briefing", args=[fx.workshop.pk + 999]),
        reverse("cases:detail", args=[case.reference]),
        reverse("lcspr:overview", args=[case.reference]),
        reverse("workshops:themes", args=[case.reference]),
        reverse("workshops:team_worksheets", args=[case.reference]),
        reverse("workshops:agency_nominations", args=[case.reference]),
        reverse("portal:home"),
        reverse("cases:list"),
        reverse("deadlines:calculator"),
    ):
        assert me.get(url).status_code == 404, url
    # The landing page offers their workshop; the navigation has no internal page.
    dashboard = me.get("/").content.decode()
    assert reverse("workshops:mine") in dashboard
    assert reverse("cases:list") not in dashboard
    page = me.get(reverse("workshops:mine")).content.decode()
    assert "before the workshop" in page
    assert reverse("workshops:worksheet", args=[mine.pk, 1]) in page


@time_machine.travel(BEFORE, tick=False)
def test_the_briefing_of_another_workshop_is_404(world: World, fx: WorkshopFixture) -> None:
    commission(world.cases["collab"])
    from cspr.workshops.models import Mode, Workshop

    another = Workshop.objects.create(
        case=world.cases["collab"],
        mode=Mode.VIRTUAL,
        date=dt.date(2026, 12, 18),
        start_time=dt.time(9),
        end_time=dt.time(12),
        venue="Online",
    )
    me = _client(world.user(Role.PRACTITIONER))
    assert me.get(reverse("workshops:briefing", args=[another.pk])).status_code == 404
    # The second workshop of the same case, to which this practitioner is not invited, neither.
    same_case = Workshop.objects.create(
        case=world.cases["own"],
        mode=Mode.VIRTUAL,
        date=dt.date(2026, 12, 19),
        start_time=dt.time(9),
        end_time=dt.time(12),
        venue="Online",
    )
    assert me.get(reverse("workshops:briefing", args=[same_case.pk])).status_code == 404
    assert me.get(reverse("workshops:briefing", args=[fx.workshop.pk])).status_code == 200


def test_the_team_reads_worksheets_without_names_and_nobody_else_reads_them(world: World, fx: WorkshopFixture) -> None:
    with time_machine.travel(BEFORE, tick=False):
        for participant in (fx.participant, fx.other):
            assert participant.user is not None
            actions.save_worksheet(
                participant, 1, answers=_answers(1, "Before"), submit=True, acting_user=participant.user
            )
    case = world.cases["own"]
    url = reverse("workshops:team_worksheets", args=[case.reference])
    # (Signed in at today's real date, after the travel: sessions are counted from now.)
    html = _client(world.user(Role.LEAD_REVIEWER)).get(url).content.decode()
    assert "Practitioner K" in html
    assert "Practitioner C" in html
    assert "Before role" in html
    for p in (fx.participant, fx.other):
        assert p.user is not None
        for identifying in (p.user.full_name, p.user.email, p.nomination.full_name, p.nomination.email):
            assert identifying not in html, identifying
        assert p.nomination.job_title not in html
    assert "Firstpractitioner" not in html
    assert "Secondpractitioner" not in html
    assert world.agencies["own"].name not in html
    assert _client(world.user(Role.REVIEW_TEAM_MEMBER)).get(url).status_code == 200
    # The business manager, the partner lead, the auditor: not on the team, so the page does not exist.
    for role in (Role.BUSINESS_MANAGER, Role.PARTNER_LEAD, Role.AUDITOR, Role.SCRUTINEER):
        assert _client(world.user(role)).get(url).status_code == 404, role
    # Nor does the case's audit trail tie a name to a pseudonym.
    trail = _client(world.user(Role.BUSINESS_MANAGER)).get(reverse("audit:case", args=[case.reference]))
    assert "Practitioner K" not in trail.content.decode()
    assert not any("Practitioner" in str(e.detail) for e in AuditEvent.objects.filter(case_id=case.pk))


def test_worksheet_1_is_before_the_workshop_and_flagged_when_written_after_it_started(
    world: World, fx: WorkshopFixture
) -> None:
    me, other = fx.participant, fx.other
    assert me.user is not None
    assert other.user is not None
    with time_machine.travel(BEFORE, tick=False):
        client = _client(me.user)
        response = client.get(reverse("workshops:worksheet", args=[me.pk, 1]))
        assert response.status_code == 200, response.get("Location")
        assert "before the workshop" in response.content.decode()
        # A draft keeps what was typed; Worksheet 2 is not open yet.
        response = client.post(reverse("workshops:worksheet", args=[me.pk, 1]), {"role": "Draft role"})
        assert response.status_code == 302
        assert Worksheet.objects.get(participant=me, number=1).answers["role"] == "Draft role"
        assert "Draft role" in client.get(reverse("workshops:worksheet", args=[me.pk, 1])).content.decode()
        with pytest.raises(ValidationError):
            actions.save_worksheet(me, 2, answers=_answers(2, "Early"), submit=False, acting_user=me.user)
        # Submitting needs every answer and the confidentiality statement.
        response = client.post(reverse("workshops:worksheet", args=[me.pk, 1]), {"role": "x", "submit": "1"})
        assert response.status_code == 400
        assert "Confirm that you will keep the information confidential" in response.content.decode()
        response = client.post(reverse("workshops:worksheet", args=[me.pk, 1]), {**_answers(1, "A"), "submit": "1"})
        assert response.status_code == 302
        actions.save_worksheet(other, 1, answers={"role": "Half"}, submit=False, acting_user=other.user)
    with time_machine.travel(DURING, tick=False):
        # Submitted: locked, whatever is posted.
        with pytest.raises(ValidationError, match="submitted"):
            actions.save_worksheet(me, 1, answers=_answers(1, "Changed"), submit=True, acting_user=me.user)
        assert Worksheet.objects.get(participant=me, number=1).answers["role"] == "A role"
        # Written after the workshop began: kept, and flagged for the team.
        page = _client(other.user).get(reverse("workshops:worksheet", args=[other.pk, 1])).content.decode()
        assert "the review team will see that it was written after the workshop began" in page
        late = actions.save_worksheet(other, 1, answers=_answers(1, "Late"), submit=True, acting_user=other.user)
        assert late.after_workshop_started
        assert not Worksheet.objects.get(participant=me, number=1).after_workshop_started
        actions.save_worksheet(me, 2, answers=_answers(2, "During"), submit=True, acting_user=me.user)
        html = _client(world.user(Role.LEAD_REVIEWER)).get(
            reverse("workshops:team_worksheets", args=[world.cases["own"].reference])
        )
        assert html.content.decode().count("Written after the workshop began") == 1
    # Only the practitioner writes their own worksheet, even through the action.
    with time_machine.travel(DURING, tick=False), pytest.raises(ValidationError):
        actions.save_worksheet(other, 2, answers={}, submit=False, acting_user=me.user)


@time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), tick=False)
def test_invitation_sets_up_a_practitioner_with_mfa_forced_and_works_once(world: World) -> None:
    case = world.cases["own"]
    commission(case)
    manager = _client(world.user(Role.BUSINESS_MANAGER))
    response = manager.post(
        reverse("workshops:workshop_add", args=[case.reference]),
        {
            "mode": "face_to_face",
            "date-day": "8",
            "date-month": "12",
            "date-year": "2026",
            "start_time": "09:45",
            "end_time": "13:00",
            "venue": "Room 1 (fictional)",
            "notice_target_working_days": "15",
        },
    )
    assert response.status_code == 302
    workshop_url = response["Location"]
    direct = nominate(case, "Rita Direct", "rita.direct@test.invalid")
    indirect = nominate(case, "Ivor Indirect", "ivor.indirect@test.invalid", direct=False)
    invite_url = workshop_url + "invite/"
    page = manager.get(invite_url).content.decode()
    assert "Rita Direct" in page
    assert "Ivor Indirect" not in page
    assert "Short notice: invitations sent today would give 5 working days" in page
    assert "No feedback session is diarised yet" in page
    # A forged POST for the practitioner without direct involvement is refused.
    assert manager.post(invite_url, {"nominations": [str(indirect.pk)]}).status_code == 400
    assert not Participant.objects.exists()
    response = manager.post(invite_url, {"nominations": [str(direct.pk)]}, follow=True)
    assert "Short notice: invitations were sent 5 working days before the workshop" in response.content.decode()
    message = Message.objects.get(kind=MailKind.WORKSHOP_INVITATION)
    assert message.recipients == ["rita.direct@test.invalid"]
    assert case.reference in message.subject
    assert "Rita" not in message.body
    assert "Testchild" not in message.body
    link = re.search(r"/workshops/invitation/[^/\s]+/", message.body)
    assert link is not None
    path = link.group(0)
    visitor = Client()
    assert visitor.get(path).status_code == 200
    response = visitor.post(path, {"password1": PASSWORD + "x", "password2": PASSWORD + "x"})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    user = User.objects.get(email="rita.direct@test.invalid")
    assert user.role == Role.PRACTITIONER
    assert Participant.objects.get(nomination=direct).user == user
    # No second factor yet: every page sends them to enrol one.
    assert visitor.get(reverse("workshops:mine"))["Location"] == reverse("mfa_activate_totp")
    # The link works once.
    assert Client().get(path).status_code == 404
    assert Client().get("/workshops/invitation/not-a-token/").status_code == 404


@time_machine.travel(BEFORE, tick=False)
def test_agency_nominates_only_where_it_has_a_request(world: World) -> None:
    from cspr.portal.models import InformationRequest, RequestState, RequestType

    case = world.cases["own"]
    commission(case)
    InformationRequest.objects.create(
        case=case,
        agency=world.agencies["own"],
        request_type=RequestType.SCOPING,
        state=RequestState.SENT,
        due_date=dt.date(2026, 12, 20),
    )
    url = reverse("workshops:agency_nominations", args=[case.reference])
    school = _client(world.agency_users["own"])
    response = school.post(
        url,
        {
            "full_name": "Nina Nominee",
            "job_title": "Teacher",
            "email": "nina@test.invalid",
            "direct_involvement": "yes",
        },
    )
    assert response.status_code == 302
    nomination = case.workshop_nominations.get()
    assert nomination.agency == world.agencies["own"]
    assert nomination.via == "agency"
    assert "Nina Nominee" in school.get(url).content.decode()
    # The GP has no request on this case: the page does not exist for it.
    assert _client(world.agency_users["other"]).get(url).status_code == 404
    assert _client(world.agency_users["other"]).post(url, {"full_name": "X"}).status_code == 404
    # The agency's dashboard asks it to nominate.
    assert url in school.get("/").content.decode()


def test_practitioners_comment_on_the_draft_findings_before_the_report(world: World, fx: WorkshopFixture) -> None:
    case = world.cases["own"]
    fx.consultation.delete()
    lead = world.user(Role.LEAD_REVIEWER)
    with time_machine.travel(dt.datetime(2026, 12, 16, 9, tzinfo=dt.UTC), tick=False):
        for p in (fx.participant, fx.other):
            actions.record_attendance(
                p,
                attendance="attended",
                apologies_reason="",
                one_to_one_date=None,
                one_to_one_notes="",
                acting_user=lead,
            )
        assert not actions.feedback_complete(case)
        response = _client(lead).post(
            reverse("workshops:findings", args=[case.reference]),
            {
                "findings": "Finding 1: information about new adults was not shared (fictional).",
                "respond_by-day": "8",
                "respond_by-month": "1",
                "respond_by-year": "2027",
            },
        )
        assert response.status_code == 302
        assert Message.objects.filter(kind=MailKind.FINDINGS_FEEDBACK).count() == 2
        assert (
            _client(world.user(Role.BUSINESS_MANAGER))
            .get(reverse("workshops:findings", args=[case.reference]))
            .status_code
            == 404
        )
        assert fx.participant.user is not None
        assert fx.other.user is not None
        me = _client(fx.participant.user)
        comment_url = reverse("workshops:comment", args=[fx.participant.pk])
        assert "Finding 1" in me.get(comment_url).content.decode()
        assert me.post(comment_url, {"comment": "Accurate, with one gap (fictional)."}).status_code == 302
        assert not actions.feedback_complete(case)
        actions.comment_on_findings(
            fx.other, case.findings_consultations.get(), comment="Agree (fictional).", acting_user=fx.other.user
        )
        assert actions.feedback_complete(case)
        page = _client(lead).get(reverse("workshops:findings", args=[case.reference])).content.decode()
        assert "Accurate, with one gap" in page
        assert "Practitioner K" in page
        assert "Firstpractitioner" not in page
