"""The people on the review (rules 44, 50, Appendix 2): appointments give and take reach to one case,
the lead reviewer is independent and invited with MFA, and their name goes to the Panel, Ofsted and DfE."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case, CaseMembership, MembershipRole
from cspr.lcspr import actions, team
from cspr.lcspr.invitations import token_for
from cspr.lcspr.models import Appointment, AppointmentRole, Conflict, LiaisonDuty, ReviewerInvitation
from cspr.outbox.kinds import MailKind
from cspr.outbox.models import Message
from tests.lcspr.helpers import commission
from tests.world import World, make_case, make_user

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)
TODAY = NOW.date()


def _values(**overrides: Any) -> dict[str, Any]:
    return {
        "email": "independent.reviewer@test.invalid",
        "name": "Test Independent Reviewer",
        "organisation": "Test Reviewing Ltd",
        "role": AppointmentRole.LEAD_REVIEWER,
        "conflict": Conflict.NONE,
        "confidentiality_signed_on": TODAY,
        "started": TODAY,
    } | overrides


def _reviewer(email: str = "freelance.reviewer@test.invalid") -> User:
    return make_user(email, Role.LEAD_REVIEWER)


@time_machine.travel(NOW, tick=False)
def test_an_appointment_gives_reach_to_that_case_only_and_ending_it_takes_it_away(client: Client, world: World) -> None:
    case = commission(world.cases["own"])
    elsewhere = commission(make_case("HOME-2026-077", world.home))
    reviewer = _reviewer()
    client.force_login(reviewer)
    assert client.get(f"/lcspr/{case.reference}/").status_code == 404
    appointment = actions.appoint(
        case,
        values=_values(email=reviewer.email.upper(), name=""),
        acting_user=world.user(Role.BUSINESS_MANAGER),
    )
    assert appointment.user == reviewer
    assert appointment.name == reviewer.full_name
    assert team.on_review_team(reviewer, case)
    assert team.is_lead_reviewer(reviewer, case)
    assert client.get(f"/lcspr/{case.reference}/").status_code == 200
    # A reviewer on one review reads no other, even in the same partnership.
    assert client.get(f"/lcspr/{elsewhere.reference}/").status_code == 404
    assert client.get(f"/cases/{elsewhere.reference}/").status_code == 404
    actions.end_appointment(
        appointment, ended=TODAY, reason="Unavailable", acting_user=world.user(Role.BUSINESS_MANAGER)
    )
    assert not team.on_review_team(reviewer, case)
    assert reviewer.pk not in team.review_team_user_ids(case)
    assert client.get(f"/lcspr/{case.reference}/").status_code == 404
    assert client.get(f"/cases/{case.reference}/").status_code == 404
    # The record stays, shown as ended.
    client.force_login(world.user(Role.AUDITOR))
    page = client.get(f"/lcspr/{case.reference}/team/").content.decode()
    assert "Ended appointments" in page
    assert "Unavailable" in page


@time_machine.travel(NOW, tick=False)
def test_the_lead_reviewer_is_independent_and_there_is_one_at_a_time(world: World) -> None:
    case = commission(world.cases["own"])
    manager = world.user(Role.BUSINESS_MANAGER)
    group_member = world.user(Role.CSPR_GROUP_MEMBER)
    with pytest.raises(ValidationError, match="independent"):
        actions.appoint(case, values=_values(email=group_member.email), acting_user=manager)
    # The same person can sit on the team for their partner.
    actions.appoint(
        case,
        values=_values(email=group_member.email, role=AppointmentRole.TEAM_MEMBER, represents="la"),
        acting_user=manager,
    )
    assert team.on_review_team(group_member, case)
    assert not team.is_lead_reviewer(group_member, case)
    # Agency users and other partnerships' people cannot be appointed at all.
    for outsider in (world.agency_users["own"], world.away_manager):
        with pytest.raises(ValidationError):
            actions.appoint(
                case, values=_values(email=outsider.email, role=AppointmentRole.TEAM_MEMBER), acting_user=manager
            )
    actions.appoint(case, values=_values(email=_reviewer().email), acting_user=manager)
    with pytest.raises(ValidationError, match="already has a lead reviewer"):
        actions.appoint(case, values=_values(email="second@test.invalid"), acting_user=manager)
    with pytest.raises(ValidationError, match="already holds"):
        actions.appoint(
            case, values=_values(email=group_member.email, role=AppointmentRole.EXPERT), acting_user=manager
        )


@time_machine.travel(NOW, tick=False)
def test_the_lead_reviewers_name_goes_to_the_panel_ofsted_and_dfe(client: Client, world: World) -> None:
    case = commission(world.cases["own"])
    case.lead_partnership.panel_mailbox = "panel@test.invalid"
    case.lead_partnership.save()
    actions.appoint(case, values=_values(), acting_user=world.user(Role.BUSINESS_MANAGER))
    notice = Message.objects.get(kind=MailKind.REVIEWER_NOTICE)
    assert sorted(notice.recipients) == ["Mailbox.CPOD@education.gov.uk", "SCR.SIN@ofsted.gov.uk", "panel@test.invalid"]
    assert "Test Independent Reviewer" in notice.body
    assert case.reference in notice.subject
    assert "Testchild" not in notice.body + notice.subject
    appointment = Appointment.objects.get(case=case)
    assert appointment.panel_notified_on == TODAY
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    page = client.get(f"/lcspr/{case.reference}/team/").content.decode()
    assert "Name sent to the National Panel, Ofsted and DfE" in page
    assert "20 November 2026" in page
    tasks = client.get(f"/lcspr/{case.reference}/").content.decode()
    assert "Sent on 20 November 2026" in tasks
    # A team member's appointment sends nothing to the Panel.
    actions.appoint(
        case,
        values=_values(email="member@test.invalid", role=AppointmentRole.TEAM_MEMBER),
        acting_user=world.user(Role.BUSINESS_MANAGER),
    )
    assert Message.objects.filter(kind=MailKind.REVIEWER_NOTICE).count() == 1


def _token_from_email() -> str:
    body = Message.objects.filter(kind=MailKind.REVIEWER_INVITATION).latest("pk").body
    found = re.search(r"/lcspr/invitation/([^/\s]+)/", body)
    assert found is not None
    return found.group(1)


PASSWORDS = {"password1": "a-long-new-password-42", "password2": "a-long-new-password-42"}


@time_machine.travel(NOW, tick=False)
def test_an_invited_reviewer_sets_up_an_account_with_mfa_and_reaches_only_their_review(
    client: Client, world: World
) -> None:
    case = commission(world.cases["own"])
    actions.appoint(case, values=_values(), acting_user=world.user(Role.BUSINESS_MANAGER))
    invitation_email = Message.objects.get(kind=MailKind.REVIEWER_INVITATION)
    assert invitation_email.recipients == ["independent.reviewer@test.invalid"]
    assert "Testchild" not in invitation_email.body
    token = _token_from_email()
    assert "Set up your account" in client.get(f"/lcspr/invitation/{token}/").content.decode()
    response = client.post(f"/lcspr/invitation/{token}/", PASSWORDS)
    assert response.status_code == 302
    assert "totp" in response["Location"]
    user = User.objects.get(email="independent.reviewer@test.invalid")
    assert (user.role, user.partnership_id, user.full_name) == (Role.LEAD_REVIEWER, None, "Test Independent Reviewer")
    assert CaseMembership.objects.get(case=case, user=user).role == MembershipRole.LEAD_REVIEWER
    assert Appointment.objects.get(case=case).user == user
    # Used once: the same link no longer works.
    client.logout()
    assert client.get(f"/lcspr/invitation/{token}/").status_code == 404
    assert client.post(f"/lcspr/invitation/{token}/", PASSWORDS).status_code == 404
    assert User.objects.filter(email="independent.reviewer@test.invalid").count() == 1
    # Until the second factor is set up, the case is not open to them.
    client.force_login(user)
    assert client.get(f"/lcspr/{case.reference}/").status_code != 200


@time_machine.travel(NOW, tick=False)
def test_an_expired_forged_or_withdrawn_invitation_does_not_work(client: Client, world: World) -> None:
    case = commission(world.cases["own"])
    manager = world.user(Role.BUSINESS_MANAGER)
    actions.appoint(case, values=_values(), acting_user=manager)
    token = _token_from_email()
    assert client.get(f"/lcspr/invitation/{token[:-2]}xx/").status_code == 404
    with time_machine.travel(NOW + dt.timedelta(days=8), tick=False):
        assert client.post(f"/lcspr/invitation/{token}/", PASSWORDS).status_code == 404
    # Ending the appointment withdraws the invitation.
    appointment = actions.appoint(
        case,
        values=_values(email="expert@test.invalid", role=AppointmentRole.EXPERT),
        acting_user=manager,
    )
    expert_token = token_for(ReviewerInvitation.objects.get(appointment=appointment))
    actions.end_appointment(appointment, ended=TODAY, reason="Not needed after all", acting_user=manager)
    assert client.post(f"/lcspr/invitation/{expert_token}/", PASSWORDS).status_code == 404
    assert not User.objects.filter(email__in=["independent.reviewer@test.invalid", "expert@test.invalid"]).exists()


@time_machine.travel(NOW, tick=False)
def test_rule_50_warns_until_each_partner_is_on_the_team_and_shows_police_liaison(client: Client, world: World) -> None:
    case = commission(world.cases["own"])
    manager = world.user(Role.BUSINESS_MANAGER)
    client.force_login(manager)
    for i, kind in enumerate(("la", "icb")):
        actions.appoint(
            case,
            values=_values(email=f"m{i}@test.invalid", role=AppointmentRole.TEAM_MEMBER, represents=kind),
            acting_user=manager,
        )
    page = client.get(f"/lcspr/{case.reference}/team/").content.decode()
    assert "The review team has no member from: Police" in page
    assert "No member from: Police" in client.get(f"/lcspr/{case.reference}/").content.decode()
    actions.appoint(
        case,
        values=_values(
            email="police@test.invalid",
            role=AppointmentRole.TEAM_MEMBER,
            represents="police",
            liaison_duties=[LiaisonDuty.SIO, LiaisonDuty.FAMILY],
        ),
        acting_user=manager,
    )
    page = client.get(f"/lcspr/{case.reference}/team/").content.decode()
    assert "The review team has no member from" not in page
    assert "Liaison with the Senior Investigating Officer" in page
    assert "Coordinating family liaison" in page


@time_machine.travel(NOW, tick=False)
def test_appointing_through_the_page_records_conflicts_and_confidentiality(client: Client, world: World) -> None:
    case = commission(world.cases["own"])
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    data = {
        "role": "team_member",
        "name": "Test Health Member",
        "email": "health@test.invalid",
        "organisation": "Test ICB",
        "represents": "icb",
        "conflict": "declared",
        "conflict_details": "",
        "started-day": "20",
        "started-month": "11",
        "started-year": "2026",
    }
    response = client.post(f"/lcspr/{case.reference}/team/appoint/", data)
    assert response.status_code == 400
    assert "Enter the details of the conflict of interest declared" in response.content.decode()
    assert "health@test.invalid" in response.content.decode()  # what was typed is kept
    data |= {
        "conflict_details": "Managed the health visitor in 2024",
        "confidentiality_signed_on-day": "19",
        "confidentiality_signed_on-month": "11",
        "confidentiality_signed_on-year": "2026",
    }
    assert client.post(f"/lcspr/{case.reference}/team/appoint/", data).status_code == 302
    appointment = Appointment.objects.get(case=case)
    assert appointment.conflict_details == "Managed the health visitor in 2024"
    assert appointment.confidentiality_signed_on == dt.date(2026, 11, 19)
    page = client.get(f"/lcspr/{case.reference}/team/").content.decode()
    assert "Signed on 19 November 2026" in page
    assert "Managed the health visitor in 2024" in page


@time_machine.travel(NOW, tick=False)
def test_forged_appointment_posts_are_refused(client: Client, world: World) -> None:
    case = commission(world.cases["own"])
    appointment = actions.appoint(
        case,
        values=_values(email="expert@test.invalid", role=AppointmentRole.EXPERT),
        acting_user=world.user(Role.BUSINESS_MANAGER),
    )
    end = {"ended-day": "20", "ended-month": "11", "ended-year": "2026", "reason": "Forged"}
    client.force_login(world.user(Role.AUDITOR))
    assert client.post(f"/lcspr/{case.reference}/team/{appointment.pk}/end/", end).status_code == 403
    assert client.post(f"/lcspr/{case.reference}/team/appoint/", {"email": "x@test.invalid"}).status_code == 403
    client.force_login(world.away_manager)
    assert client.post(f"/lcspr/{case.reference}/team/{appointment.pk}/end/", end).status_code == 404
    # An appointment id from another case is not found through this one.
    other = commission(world.cases["other"])
    client.force_login(world.away_manager)
    assert client.post(f"/lcspr/{other.reference}/team/{appointment.pk}/end/", end).status_code == 404
    assert Appointment.objects.get(pk=appointment.pk).ended is None


def test_a_case_without_an_lcspr_has_no_review_pages(client: Client, world: World) -> None:
    case: Case = world.cases["own"]
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    for path in ("terms/", "terms/edit/", "team/", "team/appoint/"):
        assert client.get(f"/lcspr/{case.reference}/{path}").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_new_invitation_replaces_the_old_link_and_sends_no_second_notice(client: Client, world: World) -> None:
    case = commission(world.cases["own"])
    manager = world.user(Role.BUSINESS_MANAGER)
    appointment = actions.appoint(case, values=_values(), acting_user=manager)
    old = _token_from_email()
    with time_machine.travel(NOW + dt.timedelta(days=8), tick=False):
        client.force_login(manager)
        response = client.post(f"/lcspr/{case.reference}/team/{appointment.pk}/invitation/")
        assert response.status_code == 302
        new = token_for(ReviewerInvitation.objects.filter(appointment=appointment).latest("pk"))
        client.logout()
        assert client.get(f"/lcspr/invitation/{old}/").status_code == 404
        assert client.get(f"/lcspr/invitation/{new}/").status_code == 200
    assert Message.objects.filter(kind=MailKind.REVIEWER_NOTICE).count() == 1
    assert Message.objects.filter(kind=MailKind.REVIEWER_INVITATION).count() == 2
    # Read-only users cannot send one.
    client.force_login(world.user(Role.AUDITOR))
    assert client.post(f"/lcspr/{case.reference}/team/{appointment.pk}/invitation/").status_code == 403


@time_machine.travel(NOW, tick=False)
def test_an_appointment_without_a_name_role_or_address_is_refused(world: World) -> None:
    case = commission(world.cases["own"])
    manager = world.user(Role.BUSINESS_MANAGER)
    for bad in ({"name": " "}, {"role": "chair"}, {"email": "not-an-address"}):
        with pytest.raises(ValidationError):
            actions.appoint(case, values=_values(**bad), acting_user=manager)
    assert not Appointment.objects.filter(case=case).exists()
    assert not Message.objects.exists()
