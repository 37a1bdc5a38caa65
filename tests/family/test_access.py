"""The hard rule (rule 51, issue 12): the family log is read by the review team and the named coordinator
only. Everyone else gets 404 (forged POSTs included) and leaves no trace: no change, no access row."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent, EventKind
from cspr.cases.models import Case, CaseMembership, MembershipRole
from cspr.family import actions
from cspr.family.access import can_read_family_log
from cspr.family.models import Contact, Invitation
from tests.family.helpers import COMMISSIONED, Family, client_for, lcspr_family
from tests.world import World, make_case, make_user

pytestmark = pytest.mark.django_db


def _reads(case: Case) -> int:
    return AuditEvent.objects.filter(kind=EventKind.ACCESS, case_id=case.pk).count()


def _urls(f: Family) -> dict[str, str]:
    ref, pid = f.case.reference, f.mother.pk
    return {
        "index": reverse("family:index", args=[ref]),
        "person": reverse("family:person", args=[ref, pid]),
        "letter_docx": reverse("family:letter_docx", args=[ref, pid]),
        "contact_add": reverse("family:contact_add", args=[ref, pid]),
        "invitation": reverse("family:invitation", args=[ref, pid]),
        "view_add": reverse("family:view_add", args=[ref, pid]),
    }


def _another_cases_reviewer(world: World) -> User:
    other = make_case("HOME-2026-099", world.home)
    Case.objects.filter(pk=other.pk).update(lcspr_commissioned_date=COMMISSIONED)
    reviewer = make_user("reviewer.elsewhere@test.invalid", Role.LEAD_REVIEWER)
    CaseMembership.objects.create(case=other, user=reviewer, role=MembershipRole.LEAD_REVIEWER)
    return reviewer


OUTSIDERS = [
    Role.BUSINESS_MANAGER,
    Role.PARTNER_LEAD,
    Role.CSPR_GROUP_MEMBER,
    Role.SCRUTINEER,
    Role.AUDITOR,
    Role.PARTNERSHIP_ADMIN,
    Role.SYSTEM_ADMIN,
    Role.AGENCY_LEAD,
]


@pytest.mark.parametrize("role", OUTSIDERS, ids=lambda r: r.value)
def test_the_case_s_other_readers_and_writers_get_404_and_leave_no_trace(world: World, role: Role) -> None:
    f = lcspr_family(world)
    client = client_for(world.user(role))
    before = _reads(f.case)
    for name, url in _urls(f).items():
        assert client.get(url).status_code == 404, name
    forged = {"kind": "attempt", "on-day": "1", "on-month": "12", "on-year": "2026", "method": "phone",
              "by": world.user(role).pk, "outcome": "spoke", "summary": "Forged", "invite": "no",
              "reason_not_invited": "Forged"}  # fmt: skip
    for name in ("contact_add", "invitation", "view_add"):
        assert client.post(_urls(f)[name], forged).status_code == 404, name
    assert not Contact.objects.exists()
    assert not Invitation.objects.exists()
    assert _reads(f.case) == before, "a refused request must not be logged as a read"


def test_other_partnership_and_a_reviewer_of_another_case_get_404(world: World) -> None:
    f = lcspr_family(world)
    for user in (world.away_manager, _another_cases_reviewer(world), world.agency_users["other"]):
        client = client_for(user)
        for name, url in _urls(f).items():
            assert client.get(url).status_code == 404, (user.email, name)
        assert client.post(_urls(f)["contact_add"], {"kind": "attempt"}).status_code == 404
    assert not Contact.objects.exists()


def test_the_review_team_reads_and_each_read_is_logged(world: World) -> None:
    f = lcspr_family(world)
    for role in (Role.LEAD_REVIEWER, Role.REVIEW_TEAM_MEMBER):
        user = world.user(role)
        before = _reads(f.case)
        response = client_for(user).get(_urls(f)["index"])
        assert response.status_code == 200
        row = AuditEvent.objects.filter(kind=EventKind.ACCESS, case_id=f.case.pk).order_by("-id").first()
        assert _reads(f.case) == before + 1
        assert row is not None
        assert (row.actor_id, row.action, row.detail["page"]) == (user.pk, "read.case", "family:index")


def test_naming_a_coordinator_opens_the_log_to_them_and_removing_them_closes_it(world: World) -> None:
    f = lcspr_family(world)
    coordinator = world.user(Role.CSPR_GROUP_MEMBER)
    team = client_for(world.user(Role.REVIEW_TEAM_MEMBER))
    response = team.post(_urls(f)["invitation"], {"invite": "yes", "coordinator": coordinator.pk})
    assert response.status_code == 302
    assert Invitation.objects.get(person=f.mother).coordinator == coordinator
    mine = client_for(coordinator)
    assert mine.get(_urls(f)["index"]).status_code == 200
    # The coordinator writes too: they log the contact they made.
    posted = mine.post(
        _urls(f)["contact_add"],
        {"kind": "attempt", "on-day": "1", "on-month": "12", "on-year": "2026", "method": "phone",
         "by": coordinator.pk, "outcome": "spoke"},
    )  # fmt: skip
    assert posted.status_code == 302
    assert Contact.objects.get().by == coordinator
    # Another partnership writer who is not the coordinator still gets nothing.
    assert client_for(world.user(Role.PARTNER_LEAD)).get(_urls(f)["index"]).status_code == 404
    version = Invitation.objects.get(person=f.mother).version
    team.post(_urls(f)["invitation"], {"invite": "yes", "coordinator": "", "version": version})
    assert mine.get(_urls(f)["index"]).status_code == 404


def test_a_coordinator_whose_role_is_read_only_reads_but_cannot_write(world: World) -> None:
    """Not offered as a coordinator (only staff who change cases are), but a role can change after naming."""
    f = lcspr_family(world)
    scrutineer = world.user(Role.SCRUTINEER)
    Invitation.objects.create(case=f.case, person=f.mother, coordinator=scrutineer)
    client = client_for(scrutineer)
    assert client.get(_urls(f)["person"]).status_code == 200
    assert client.get(_urls(f)["contact_add"]).status_code == 403
    assert client.post(_urls(f)["contact_add"], {"kind": "attempt"}).status_code == 403
    assert "Record a contact" not in client.get(_urls(f)["person"]).content.decode()


def test_a_coordinator_outside_the_review_team_and_partnership_cannot_be_named(world: World) -> None:
    f = lcspr_family(world)
    team = world.user(Role.REVIEW_TEAM_MEMBER)
    for outsider in (world.user(Role.SCRUTINEER), world.away_manager, world.agency_users["own"]):
        response = client_for(team).post(_urls(f)["invitation"], {"invite": "yes", "coordinator": outsider.pk})
        assert response.status_code == 400
        assert "Choose someone from the list" in response.content.decode()
        with pytest.raises(ValidationError, match="coordinator"):
            actions.save_invitation(case=f.case, person=f.mother, invite=True, coordinator=outsider, acting_user=team)
        assert not can_read_family_log(outsider, f.case)
    assert not Invitation.objects.exclude(coordinator=None).exists()


def test_before_the_lcspr_is_commissioned_the_log_does_not_exist(world: World) -> None:
    f = lcspr_family(world)
    Case.objects.filter(pk=f.case.pk).update(lcspr_commissioned_date=None)
    assert client_for(world.user(Role.REVIEW_TEAM_MEMBER)).get(_urls(f)["index"]).status_code == 404


def test_a_person_of_another_case_is_404(world: World) -> None:
    f = lcspr_family(world)
    other_person = world.cases["other"].people.get()
    url = reverse("family:person", args=[f.case.reference, other_person.pk])
    assert client_for(world.user(Role.REVIEW_TEAM_MEMBER)).get(url).status_code == 404
