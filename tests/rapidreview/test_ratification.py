"""Ratification belongs to each statutory partner (rule 37, C7), tried by users who would break it.

Before this, one partner lead ratified for the local authority, the ICB and the police in turn, the
real police lead was locked out, and the wrong name went to the Panel in Document 4's sign-off.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.cases.models import CaseCollaborator
from cspr.organisations.models import PartnerKind
from cspr.rapidreview import actions, ratification
from cspr.rapidreview.context import rapid_review_context
from cspr.rapidreview.models import Ratification
from tests.rapidreview.helpers import decide_lcspr, meeting_with, partner_lead
from tests.world import World

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 16)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 11, 16, 12, 0, tzinfo=dt.UTC)):
        yield


@pytest.fixture
def decided(world: World) -> Any:
    case = world.cases["own"]
    meeting_with(world, case, list(PartnerKind))
    decide_lcspr(world, case)
    case.refresh_from_db()
    return case


def _own(case: Any, user: Any, partner: str = "la") -> Ratification:
    return actions.ratify(
        case, partner=partner, executive_name="Test Exec", executive_role="DCS", date=TODAY, acting_user=user
    )


def _form(partner: str, **extra: str) -> dict[str, str]:
    return {
        "partner": partner,
        "executive_name": "Test Exec",
        "executive_role": "Director",
        "date-day": "16",
        "date-month": "11",
        "date-year": "2026",
        **extra,
    }


def test_one_lead_ratifying_for_two_partners_is_refused(world: World, decided: Any) -> None:
    lead = world.user(Role.PARTNER_LEAD)  # the local authority's lead
    _own(decided, lead, "la")
    for other in ("icb", "police"):
        with pytest.raises(ValidationError, match="You ratify for the Local authority only"):
            _own(decided, lead, other)
    assert list(Ratification.objects.filter(case=decided).values_list("partner", flat=True)) == ["la"]
    # The real ICB and police leads are not locked out.
    _own(decided, partner_lead(world, PartnerKind.ICB), "icb")
    _own(decided, partner_lead(world, PartnerKind.POLICE), "police")
    decided.refresh_from_db()
    assert decided.ratified_date == TODAY


def test_a_forged_post_for_another_partner_is_refused(world: World, decided: Any) -> None:
    client = Client()
    client.force_login(world.user(Role.PARTNER_LEAD))
    url = reverse("rapidreview:ratify", kwargs={"reference": decided.reference})
    page = client.get(url).content.decode()
    assert "You ratify for the Local authority" in page
    assert 'value="icb"' not in page
    assert 'value="police"' not in page
    response = client.post(url, _form("police"))
    assert response.status_code == 400
    assert "You ratify for your own partner only" in response.content.decode()
    assert not Ratification.objects.filter(case=decided).exists()
    # Even with the on-behalf fields added, the own-partner page never records for another partner.
    response = client.post(url, _form("police", reason="x", delegation="y"))
    assert response.status_code == 400
    assert client.post(url, _form("la")).status_code == 302
    assert list(Ratification.objects.filter(case=decided).values_list("partner", "on_behalf")) == [("la", False)]


def test_the_same_partner_ratified_twice_is_refused(world: World, decided: Any) -> None:
    lead = world.user(Role.PARTNER_LEAD)
    _own(decided, lead, "la")
    with pytest.raises(ValidationError, match="already ratified"):
        _own(decided, lead, "la")
    with pytest.raises(ValidationError, match="already ratified"):
        ratification.ratify_on_behalf(
            decided,
            partner="la",
            executive_name="Someone else",
            executive_role="Deputy",
            date=TODAY,
            reason="Second try",
            delegation="None",
            acting_user=world.user(Role.BUSINESS_MANAGER),
        )
    assert Ratification.objects.filter(case=decided, partner="la").count() == 1


def test_a_lead_without_a_statutory_partner_cannot_ratify(world: World, decided: Any) -> None:
    lead = world.user(Role.PARTNER_LEAD)
    lead.statutory_partner = None
    lead.save(update_fields=["statutory_partner"])
    with pytest.raises(ValidationError, match="not linked to one of this partnership's statutory partners"):
        _own(decided, lead, "la")
    # A partner of another partnership does not count either.
    lead.statutory_partner = world.away.statutory_partners.get(kind="la")
    lead.save(update_fields=["statutory_partner"])
    with pytest.raises(ValidationError, match="not linked"):
        _own(decided, lead, "la")


def test_on_behalf_is_a_separate_explicit_act_shown_everywhere(world: World, decided: Any) -> None:
    lead = world.user(Role.PARTNER_LEAD)
    with pytest.raises(ValidationError) as missing:
        ratification.ratify_on_behalf(
            decided,
            partner="police",
            executive_name="Test Police Exec",
            executive_role="ACC",
            date=TODAY,
            reason=" ",
            delegation="",
            acting_user=lead,
        )
    assert set(missing.value.error_dict) == {"reason", "delegation"}
    with pytest.raises(ValidationError, match="own partner directly"):
        ratification.ratify_on_behalf(
            decided,
            partner="la",
            executive_name="X",
            executive_role="Y",
            date=TODAY,
            reason="r",
            delegation="d",
            acting_user=lead,
        )
    client = Client()
    client.force_login(lead)
    url = reverse("rapidreview:ratify_on_behalf", kwargs={"reference": decided.reference})
    response = client.post(
        url,
        _form(
            "police",
            reason="The police lead is on leave.",
            delegation="Written delegation from the police lead dated 2 November 2026",
        ),
    )
    assert response.status_code == 302
    r = Ratification.objects.get(case=decided, partner="police")
    assert (r.on_behalf, r.acting_partner, r.recorded_by) == (True, "la", lead)
    statement = r.on_behalf_statement()
    assert statement == (
        "Ratified on behalf of the Police by Test Statutory partner lead (Local authority). Reason: The police "
        "lead is on leave. Delegation relied on: Written delegation from the police lead dated 2 November 2026."
    )
    # The case page, the audit row and Document 4's sign-off all say so.
    overview = client.get(reverse("rapidreview:overview", kwargs={"reference": decided.reference})).content.decode()
    assert "On behalf" in overview
    assert "Written delegation from the police lead" in overview
    event = AuditEvent.objects.filter(action="rapidreview.ratify_on_behalf").get()
    assert event.after["partner"] == "police"
    assert event.after["acting_partner"] == "la"
    assert event.after["reason"] == "The police lead is on leave."
    assert event.after["delegation"].startswith("Written delegation")
    ctx = rapid_review_context(decided)
    assert statement in (ctx["ratification_statement"] or "")
    row = next(x for x in ctx["ratifications"] if x["partner"] == "Police")
    assert row["name"] == "Test Exec (ratified on behalf by Test Statutory partner lead)"


def test_on_behalf_is_refused_when_the_partnership_forbids_it(world: World, decided: Any) -> None:
    world.home.allow_ratification_on_behalf = False
    world.home.save(update_fields=["allow_ratification_on_behalf"])
    for user in (world.user(Role.PARTNER_LEAD), world.user(Role.BUSINESS_MANAGER)):
        with pytest.raises(ValidationError, match="does not allow ratifying on behalf"):
            ratification.ratify_on_behalf(
                decided,
                partner="icb",
                executive_name="X",
                executive_role="Y",
                date=TODAY,
                reason="r",
                delegation="d",
                acting_user=user,
            )
        client = Client()
        client.force_login(user)
        url = reverse("rapidreview:ratify_on_behalf", kwargs={"reference": decided.reference})
        assert client.get(url).status_code == 403
        assert client.post(url, _form("icb", reason="r", delegation="d")).status_code == 403
        overview = client.get(reverse("rapidreview:overview", kwargs={"reference": decided.reference}))
        assert url not in overview.content.decode()
    assert not Ratification.objects.filter(case=decided).exists()


def test_only_partner_leads_and_the_business_manager_ratify(world: World, decided: Any) -> None:
    for role in (Role.CSPR_GROUP_MEMBER, Role.LEAD_REVIEWER, Role.REVIEW_TEAM_MEMBER):
        with pytest.raises((ValidationError, PermissionDenied)):
            _own(decided, world.user(role), "la")
        with pytest.raises((ValidationError, PermissionDenied)):
            ratification.ratify_on_behalf(
                decided,
                partner="la",
                executive_name="X",
                executive_role="Y",
                date=TODAY,
                reason="r",
                delegation="d",
                acting_user=world.user(role),
            )
    assert not Ratification.objects.filter(case=decided).exists()


def test_a_collaborating_partnerships_lead_cannot_ratify(world: World) -> None:
    """C12: the ratification belongs to the lead partnership's partners."""
    case = world.cases["own"]
    CaseCollaborator.objects.create(case=case, partnership=world.away)
    meeting_with(world, case, list(PartnerKind))
    decide_lcspr(world, case)
    away_lead = partner_lead(world, PartnerKind.POLICE, world.away)
    with pytest.raises(PermissionDenied):
        _own(case, away_lead, "police")
    with pytest.raises(PermissionDenied):
        ratification.ratify_on_behalf(
            case,
            partner="police",
            executive_name="X",
            executive_role="Y",
            date=TODAY,
            reason="r",
            delegation="d",
            acting_user=world.away_manager,
        )
    assert not Ratification.objects.filter(case=case).exists()


def test_the_partnership_settings_form_turns_on_behalf_off(world: World, decided: Any) -> None:
    from tests.foundation.test_partnership_settings import _form_data

    admin = Client()
    admin.force_login(world.user(Role.PARTNERSHIP_ADMIN))
    page = admin.get(reverse("organisations:edit")).content.decode()
    assert "Allow ratifying a Rapid Review on behalf of another safeguarding partner" in page
    data = _form_data(world.home)
    del data["allow_ratification_on_behalf"]  # an unticked checkbox is not sent
    assert admin.post(reverse("organisations:edit"), data).status_code == 302
    world.home.refresh_from_db()
    assert world.home.allow_ratification_on_behalf is False
    event = AuditEvent.objects.get(action="partnership.settings_changed")
    assert event.after == {"allow_ratification_on_behalf": False}
    assert "Allow ratifying" in admin.get(reverse("organisations:settings")).content.decode()
    decided.lead_partnership.refresh_from_db()
    with pytest.raises(ValidationError, match="does not allow ratifying on behalf"):
        ratification.ratify_on_behalf(
            decided,
            partner="icb",
            executive_name="X",
            executive_role="Y",
            date=TODAY,
            reason="r",
            delegation="d",
            acting_user=world.user(Role.BUSINESS_MANAGER),
        )


def test_document_4_sign_off_names_each_partners_own_lead_for_demo_5(demo_world: None) -> None:
    """DEMO-5's Document 4 sign-off: each partner's own lead, nobody on another's behalf."""
    from cspr.cases.models import Case
    from cspr.documents import engine
    from tests.rapidreview.test_actions import docx_text

    case = Case.objects.get(reference="DEMO-5")
    text = docx_text(engine.render("RAPID_REVIEW_TEMPLATE", case))
    assert (
        "The Rapid Review was ratified by the Safeguarding Partners: Demo Local Authority Lead, Director of "
        "Children's Services (Local authority); Demo ICB Lead, Chief Nursing Officer (Integrated Care Board); "
        "Demo Police Lead, Assistant Chief Constable (Police)."
    ) in text
    assert "on behalf" not in text.lower()


def test_document_4_sign_off_shows_an_on_behalf_ratification(world: World, decided: Any) -> None:
    from cspr.documents import engine
    from tests.rapidreview.test_actions import docx_text

    _own(decided, world.user(Role.PARTNER_LEAD), "la")
    ratification.ratify_on_behalf(
        decided,
        partner="police",
        executive_name="Test Police Exec",
        executive_role="ACC",
        date=TODAY,
        reason="The police lead is on leave",
        delegation="Written delegation of 2 November 2026",
        acting_user=world.user(Role.BUSINESS_MANAGER),
    )
    text = docx_text(engine.render("RAPID_REVIEW_TEMPLATE", decided))
    assert "Test Police Exec (ratified on behalf by Test Business manager / review coordinator)" in text
    assert (
        "Ratified on behalf of the Police by Test Business manager / review coordinator. Reason: The police lead "
        "is on leave. Delegation relied on: Written delegation of 2 November 2026."
    ) in text


def test_a_lead_without_a_partner_is_told_why_not_given_an_empty_form(world: World, decided: Any) -> None:
    lead = world.user(Role.PARTNER_LEAD)
    lead.statutory_partner = None
    lead.save(update_fields=["statutory_partner"])
    client = Client()
    client.force_login(lead)
    url = reverse("rapidreview:ratify", kwargs={"reference": decided.reference})
    response = client.get(url)
    assert response.status_code == 200
    assert "Ask your partnership administrator to set your statutory partner" in response.content.decode()
    assert "<form" not in response.content.decode().split("<main", 1)[1]
    assert client.post(url, _form("la")).status_code == 200
    assert not Ratification.objects.filter(case=decided).exists()
    overview = client.get(reverse("rapidreview:overview", kwargs={"reference": decided.reference}))
    assert f'href="{url}"' not in overview.content.decode()
