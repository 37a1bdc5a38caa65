"""A statutory partner lead belongs to one partner of their partnership (rule 37, C7): the partnership
administrator sets it, it is validated, and it shows on the person's page and in the page header."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from cspr.accounts import actions
from cspr.accounts.demo import demo_email
from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from tests.world import World, make_user

pytestmark = pytest.mark.django_db


def admin_client(world: World) -> Client:
    client = Client()
    client.force_login(world.user(Role.PARTNERSHIP_ADMIN))
    return client


def _new(world: World, **values: object) -> dict[str, object]:
    return {"full_name": "Test Newlead", "email": "new.lead@test.invalid", "job_title": "Director"} | values


def test_a_new_partner_lead_needs_a_partner_of_this_partnership(world: World) -> None:
    client = admin_client(world)
    page = client.get("/partnership/users/new/").content.decode()
    police = world.home.statutory_partners.get(kind="police")
    assert f'value="{police.pk}"' in page
    away_police = world.away.statutory_partners.get(kind="police")
    assert f'value="{away_police.pk}"' not in page
    response = client.post("/partnership/users/new/", _new(world, role="partner_lead"))
    assert response.status_code == 400
    assert "Select the statutory partner this lead ratifies for" in response.content.decode()
    # Another partnership's partner, forged into the POST, is refused.
    response = client.post(
        "/partnership/users/new/", _new(world, role="partner_lead", statutory_partner=away_police.pk)
    )
    assert response.status_code == 400
    assert "Select one of this partnership" in response.content.decode()
    # Only partner leads belong to a partner.
    response = client.post("/partnership/users/new/", _new(world, role="auditor", statutory_partner=police.pk))
    assert response.status_code == 400
    assert "Only a statutory partner lead belongs to a statutory partner" in response.content.decode()
    assert not User.objects.filter(email="new.lead@test.invalid").exists()
    response = client.post("/partnership/users/new/", _new(world, role="partner_lead", statutory_partner=police.pk))
    assert response.status_code == 302
    person = User.objects.get(email="new.lead@test.invalid")
    assert person.statutory_partner == police
    assert AuditEvent.objects.get(action="user.created").after["statutory_partner"] == "police"


def test_the_administrator_changes_a_leads_partner_and_it_is_shown(world: World) -> None:
    lead = make_user("lead.two@test.invalid", Role.PARTNER_LEAD, partnership=world.home)
    client = admin_client(world)
    profile = client.get(f"/partnership/users/{lead.pk}/").content.decode()
    assert "Not set: they cannot ratify until it is" in profile
    url = f"/partnership/users/{lead.pk}/statutory-partner/"
    away_icb = world.away.statutory_partners.get(kind="icb")
    assert client.post(url, {"statutory_partner": away_icb.pk}).status_code == 400
    icb = world.home.statutory_partners.get(kind="icb")
    assert client.post(url, {"statutory_partner": icb.pk}).status_code == 302
    lead.refresh_from_db()
    assert lead.statutory_partner == icb
    event = AuditEvent.objects.get(action="user.statutory_partner_set")
    assert (event.before, event.after) == ({"statutory_partner": None}, {"statutory_partner": "icb"})
    profile = client.get(f"/partnership/users/{lead.pk}/").content.decode()
    assert f"Integrated Care Board: {icb.organisation_name}" in profile
    # The lead sees it in the page header.
    own = Client()
    own.force_login(lead)
    assert "Statutory partner lead, Integrated Care Board" in own.get("/").content.decode()
    # Not for other roles, and not for another partnership's people.
    auditor = world.user(Role.AUDITOR)
    assert client.get(f"/partnership/users/{auditor.pk}/statutory-partner/").status_code == 404
    assert client.get(f"/partnership/users/{world.away_manager.pk}/statutory-partner/").status_code == 404


def test_the_action_refuses_what_the_form_would(world: World) -> None:
    admin = world.user(Role.PARTNERSHIP_ADMIN)
    with pytest.raises(ValidationError):
        actions.set_statutory_partner(
            world.user(Role.PARTNER_LEAD), partner=world.away.statutory_partners.get(kind="la"), acting_user=admin
        )
    with pytest.raises(ValidationError):
        actions.set_statutory_partner(
            world.user(Role.AUDITOR), partner=world.home.statutory_partners.get(kind="la"), acting_user=admin
        )
    away_lead = make_user("away.lead@test.invalid", Role.PARTNER_LEAD, partnership=world.away, with_mfa=False)
    with pytest.raises(ValidationError):
        actions.set_statutory_partner(
            away_lead, partner=world.away.statutory_partners.get(kind="la"), acting_user=admin
        )


def test_the_demo_worlds_partner_leads_have_their_statutory_partner(demo_world: None) -> None:
    kinds = {
        local: User.objects.get(email=demo_email(local)).statutory_partner.kind  # type: ignore[union-attr]
        for local in ("la.lead", "icb.lead", "police.lead")
    }
    assert kinds == {"la.lead": "la", "icb.lead": "icb", "police.lead": "police"}
    leads = User.objects.filter(email__in=[demo_email(x) for x in kinds])
    assert {u.statutory_partner.partnership_id for u in leads} == {leads[0].partnership_id}  # type: ignore[union-attr]


def test_the_test_worlds_partner_lead_has_a_statutory_partner(world: World) -> None:
    lead = world.user(Role.PARTNER_LEAD)
    assert lead.statutory_partner is not None
    assert lead.statutory_partner.partnership == world.home
