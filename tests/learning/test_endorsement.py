"""Endorsement of recommendations by the three safeguarding partners (§9.2.6, rule 62), tried by users
who would break it: as ratification (rule 37), each partner endorses for itself."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.cases.concurrency import StaleEdit
from cspr.cases.models import CaseCollaborator
from cspr.learning import actions, queries
from cspr.learning.models import Endorsement
from cspr.organisations.models import PartnerKind
from tests.learning.helpers import (
    TODAY,
    add_rec,
    commissioned,
    endorse_form,
    endorse_own,
    lead,
    leads,
    manager,
    rec_values,
)
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_three_partners_endorse_each_for_itself_and_only_then_it_enters_the_report(world: World) -> None:
    case = commissioned(world)
    rec = add_rec(case, manager(world))
    by = leads(world)
    for kind in ("la", "icb"):
        endorse_own(rec, by[kind], kind)
        assert list(queries.endorsed_recommendations(case)) == []
    endorse_own(rec, by["police"], "police")
    assert [r.pk for r in queries.endorsed_recommendations(case)] == [rec.pk]
    rows = AuditEvent.objects.filter(action="learning.endorse", object_type="Endorsement")
    assert rows.count() == 3


def test_another_partners_button_and_a_forged_post_are_refused(world: World) -> None:
    case = commissioned(world)
    rec = add_rec(case, manager(world))
    la = world.user(Role.PARTNER_LEAD)  # the local authority's lead
    with pytest.raises(ValidationError, match="You endorse for the Local authority only"):
        endorse_own(rec, la, "police")
    url = reverse("learning:endorse", kwargs={"reference": case.reference, "pk": rec.pk})
    page = _client(la).get(url).content.decode()
    assert 'value="police"' not in page
    assert 'value="la"' in page
    response = _client(la).post(url, endorse_form("police", rec.version))
    assert response.status_code == 400
    assert not Endorsement.objects.filter(recommendation=rec).exists()


def test_the_same_partner_twice_and_the_same_person_for_two_partners_are_refused(world: World) -> None:
    case = commissioned(world)
    rec = add_rec(case, manager(world))
    la = world.user(Role.PARTNER_LEAD)
    endorse_own(rec, la, "la")
    with pytest.raises(ValidationError, match="already endorsed"):
        endorse_own(rec, la, "la")
    # The business manager records the ICB's and then tries the police's: one person, one partner.
    bm = manager(world)
    on_behalf: dict[str, Any] = {
        "executive_name": "X",
        "executive_role": "Y",
        "date": TODAY,
        "reason": "Away",
        "delegation": "D",
    }
    actions.endorse_on_behalf(rec, partner="icb", acting_user=bm, **on_behalf)
    with pytest.raises(ValidationError, match="different person"):
        actions.endorse_on_behalf(rec, partner="police", acting_user=bm, **on_behalf)
    # The local authority's lead, having endorsed for their own partner, cannot stand in for the police.
    with pytest.raises(ValidationError, match="different person"):
        actions.endorse_on_behalf(rec, partner="police", acting_user=la, **on_behalf)
    assert Endorsement.objects.filter(recommendation=rec).count() == 2


def test_on_behalf_needs_reason_and_delegation_and_the_setting(world: World) -> None:
    case = commissioned(world)
    rec = add_rec(case, manager(world))
    bm = manager(world)
    base: dict[str, Any] = {"partner": "police", "executive_name": "X", "executive_role": "Y", "date": TODAY}
    with pytest.raises(ValidationError) as error:
        actions.endorse_on_behalf(rec, reason=" ", delegation="", acting_user=bm, **base)
    assert set(error.value.message_dict) == {"reason", "delegation"}
    world.home.allow_ratification_on_behalf = False
    world.home.save()
    rec.case.refresh_from_db()
    with pytest.raises(ValidationError, match="does not allow"):
        actions.endorse_on_behalf(rec, reason="Away", delegation="D", acting_user=bm, **base)
    url = reverse("learning:endorse_on_behalf", kwargs={"reference": case.reference, "pk": rec.pk})
    assert _client(bm).get(url).status_code == 403


def test_only_partner_leads_endorse_and_others_get_403(world: World) -> None:
    case = commissioned(world)
    rec = add_rec(case, manager(world))
    url = reverse("learning:endorse", kwargs={"reference": case.reference, "pk": rec.pk})
    for role in (Role.BUSINESS_MANAGER, Role.CSPR_GROUP_MEMBER, Role.LEAD_REVIEWER, Role.SCRUTINEER):
        response = _client(world.user(role)).post(url, endorse_form("la", rec.version))
        assert response.status_code == 403, role
    with pytest.raises(ValidationError, match="Only a statutory partner lead"):
        endorse_own(rec, manager(world), "la")
    assert not Endorsement.objects.exists()


def test_a_collaborating_partnerships_lead_cannot_endorse(world: World) -> None:
    case = commissioned(world, "collab")
    rec = add_rec(case, world.away_manager)
    assert CaseCollaborator.objects.filter(case=case, partnership=world.home).exists()
    home_police = lead(world, PartnerKind.POLICE)
    with pytest.raises(PermissionDenied):
        endorse_own(rec, home_police, "police")
    url = reverse("learning:endorse", kwargs={"reference": case.reference, "pk": rec.pk})
    assert _client(home_police).post(url, endorse_form("police", rec.version)).status_code == 403


def test_outsiders_and_agency_users_get_404_and_the_scrutineer_403(world: World) -> None:
    case = commissioned(world)
    rec = add_rec(case, manager(world))
    edit = reverse("learning:recommendation_edit", kwargs={"reference": case.reference, "pk": rec.pk})
    index = reverse("learning:index", kwargs={"reference": case.reference})
    for user in (world.away_manager, world.user(Role.AGENCY_LEAD), world.user(Role.PRACTITIONER)):
        assert _client(user).get(index).status_code == 404
        assert _client(user).post(edit, {}).status_code == 404
    scrutineer = _client(world.user(Role.SCRUTINEER))
    assert scrutineer.get(index).status_code == 200
    assert scrutineer.post(edit, {"addressee": "Forged"}).status_code == 403
    rec.refresh_from_db()
    assert rec.addressee != "Forged"


def test_editing_the_substance_withdraws_endorsements_and_tags_do_not(world: World) -> None:
    case = commissioned(world)
    bm = manager(world)
    rec = add_rec(case, bm)
    by = leads(world)
    for kind in PartnerKind.values:
        endorse_own(rec, by[kind], kind)
    rec.refresh_from_db()
    # A tag (a theme) is not the substance: the endorsements stand.
    from cspr.library.models import Theme

    theme = Theme.objects.filter(partnership__isnull=True).first()
    assert theme is not None
    rec = actions.edit_recommendation(rec, themes=[theme], expected_version=rec.version, acting_user=bm, **rec_values())
    assert queries.endorsed_recommendations(case).count() == 1
    rec = actions.edit_recommendation(
        rec, expected_version=rec.version, acting_user=bm, **rec_values(measure="A different measure")
    )
    assert queries.endorsed_recommendations(case).count() == 0
    withdrawn = Endorsement.objects.filter(recommendation=rec, withdrawn_at__isnull=False)
    assert withdrawn.count() == 3
    assert all("measure" in e.withdrawn_reason for e in withdrawn)
    assert AuditEvent.objects.filter(action="learning.endorsement_withdrawn").count() == 3
    # The partners endorse the new text again.
    endorse_own(rec, by["la"], "la")
    assert Endorsement.objects.filter(recommendation=rec, withdrawn_at__isnull=True).count() == 1


def test_an_endorsement_of_text_changed_since_the_page_opened_is_refused(world: World) -> None:
    case = commissioned(world)
    bm = manager(world)
    rec = add_rec(case, bm)
    opened = rec.version
    actions.edit_recommendation(rec, expected_version=opened, acting_user=bm, **rec_values(addressee="Demo ICB"))
    la = world.user(Role.PARTNER_LEAD)
    with pytest.raises(StaleEdit):
        actions.endorse(
            rec,
            partner="la",
            executive_name="X",
            executive_role="Y",
            date=TODAY,
            expected_version=opened,
            acting_user=la,
        )
    url = reverse("learning:endorse", kwargs={"reference": case.reference, "pk": rec.pk})
    response = _client(la).post(url, endorse_form("la", opened))
    assert response.status_code == 400
    assert "changed this record" in response.content.decode()
    assert not Endorsement.objects.exists()


def test_national_recommendations_are_national_scope_or_policy(world: World) -> None:
    case = commissioned(world)
    bm = manager(world)
    add_rec(case, bm)
    national = add_rec(case, bm, scope="national", addressee="Department for Education")
    policy = add_rec(case, bm, national_policy=True)
    assert {r.pk for r in queries.national_recommendations(case)} == {national.pk, policy.pk}


def test_links_follow_who_may_still_endorse(world: World) -> None:
    case = commissioned(world)
    rec = add_rec(case, manager(world))
    la = world.user(Role.PARTNER_LEAD)
    index = reverse("learning:index", kwargs={"reference": case.reference})
    endorse = 'href="' + reverse("learning:endorse", kwargs={"reference": case.reference, "pk": rec.pk}) + '"'
    assert endorse in _client(la).get(index).content.decode()
    endorse_own(rec, la, "la")
    assert endorse not in _client(la).get(index).content.decode()
    police = _client(lead(world, PartnerKind.POLICE)).get(index).content.decode()
    assert endorse in police
    for role in (Role.SCRUTINEER, Role.LEAD_REVIEWER, Role.CSPR_GROUP_MEMBER):
        page = _client(world.user(role)).get(index).content.decode()
        assert "/endorse/" not in page, role
