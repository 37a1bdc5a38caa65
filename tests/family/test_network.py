"""The family network (§5.6.1, §7.2, rule 51): everyone alive is in it and invited by default; the
subject child only where the review is not about a death."""

from __future__ import annotations

import datetime as dt

import pytest

from cspr.cases.models import Household, Person, PersonRole, Referral, Relationship, RelationshipKind
from cspr.family.network import network
from cspr.family.report import counts
from tests.family.helpers import lcspr_family
from tests.world import World

pytestmark = pytest.mark.django_db


def test_the_network_is_the_living_family_with_the_genogram_s_links(world: World) -> None:
    f = lcspr_family(world)
    Person.objects.create(case=f.case, role=PersonRole.FAMILY_MEMBER, first_name="Gran", relationship_to_child="Grandmother",
                          deceased=True)  # fmt: skip
    Relationship.objects.create(case=f.case, from_person=f.mother, to_person=f.sibling, kind=RelationshipKind.PARENT)
    Household.objects.create(case=f.case, name="Mother's household").members.set([f.mother, f.sibling])
    members = {m.person.first_name: m for m in network(f.case, dt.date(2026, 12, 1))}
    assert set(members) == {"Testchild", "Mira", "Fred", "Sid"}  # the surviving subject child included
    assert all(m.invited and m.invitation is None for m in members.values())  # invited by default (rule 51)
    assert members["Mira"].relationships == [f"{f.mother} is a parent of {f.sibling}"]
    assert members["Sid"].households == ["Mother's household"]
    assert counts(f.case).invitees == 4


def test_where_the_child_died_the_child_is_not_in_the_network(world: World) -> None:
    f = lcspr_family(world)
    Referral.objects.create(case=f.case, incident_kind="death")
    assert {m.person.first_name for m in network(f.case)} == {"Mira", "Fred", "Sid"}
    assert counts(f.case).network == 3
