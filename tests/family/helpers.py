"""The world's own case as an LCSPR with a family: the mother, father, a sibling and the subject child."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.test import Client

from cspr.accounts.models import User
from cspr.cases.models import Case, Person, PersonRole, Sex
from tests.world import World

COMMISSIONED = dt.date(2026, 11, 16)
TODAY = "2026-12-01 10:00 +0000"


@dataclass
class Family:
    case: Case
    mother: Person
    father: Person
    sibling: Person


def lcspr_family(world: World) -> Family:
    case = world.cases["own"]
    Case.objects.filter(pk=case.pk).update(lcspr_commissioned_date=COMMISSIONED, decision_date=COMMISSIONED)
    case.refresh_from_db()

    def person(first: str, relation: str, sex: str = Sex.UNKNOWN) -> Person:
        return Person.objects.create(
            case=case, role=PersonRole.FAMILY_MEMBER, first_name=first, last_name="Fictionfamily",
            relationship_to_child=relation, sex=sex,
        )  # fmt: skip

    return Family(
        case=case,
        mother=person("Mira", "Mother", Sex.FEMALE),
        father=person("Fred", "Father", Sex.MALE),
        sibling=person("Sid", "Brother", Sex.MALE),
    )


def client_for(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client
