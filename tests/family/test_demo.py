"""DEMO-7's family engagement: mother and father invited and written to, contacts logged, the mother's
views recorded, the father declined; the demo team member coordinates; loading twice adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from cspr.accounts.models import User
from cspr.cases.models import Case
from cspr.family import report
from cspr.family.models import Contact, ContactKind, Invitation, Involvement, SupportKind, SupportOffer

pytestmark = pytest.mark.django_db


def test_demo_7_family_engagement_is_seeded_once(demo_world: None) -> None:
    rows = (Invitation.objects.count(), Contact.objects.count(), SupportOffer.objects.count())
    call_command("seed_demo")
    assert (Invitation.objects.count(), Contact.objects.count(), SupportOffer.objects.count()) == rows
    case = Case.objects.get(reference="DEMO-7")
    team = User.objects.get(email="team@demo.cspr.invalid")
    invitations = {i.person.relationship_to_child: i for i in Invitation.objects.filter(case=case)}
    assert set(invitations) == {"Mother", "Father"}
    assert all(i.invite and i.coordinator == team for i in invitations.values())
    assert Contact.objects.filter(invitation__case=case, kind=ContactKind.LETTER).count() == 2
    assert Contact.objects.filter(invitation__case=case).count() >= 6
    assert SupportOffer.objects.get(invitation__case=case).kind == SupportKind.INTERPRETER
    assert invitations["Mother"].involvement == Involvement.TAKING_PART
    assert [v.relationship_to_child for v in report.views_expressed(case)] == ["Mother"]
    assert [(r.relationship_to_child, r.reason) for r in report.non_involvement_reasons(case)] == [
        ("Father", "Declined to take part")
    ]
    client = Client()
    client.force_login(team)
    assert client.get("/family/DEMO-7/").status_code == 200
    client.force_login(User.objects.get(email="manager@demo.cspr.invalid"))
    assert client.get("/family/DEMO-7/").status_code == 404
