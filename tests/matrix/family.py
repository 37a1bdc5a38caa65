"""The family engagement log's pages (rule 51): the review team (and named coordinator) only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cspr.cases.models import Person, PersonRole
from cspr.family.models import Invitation, SupportKind, SupportOffer
from tests.matrix import Audience, Spec
from tests.matrix.lcspr import commissioned
from tests.world import World


def _mother(world: World, scope: str) -> Person:
    case = world.cases[scope]
    person, _ = Person.objects.get_or_create(
        case=case,
        role=PersonRole.FAMILY_MEMBER,
        first_name="Matrixmother",
        defaults={"relationship_to_child": "Mother"},
    )
    return person


def person_ref(world: World, scope: str) -> dict[str, Any]:
    return commissioned(world, scope) | {"person_id": _mother(world, scope).pk}


def support_ref(world: World, scope: str) -> dict[str, Any]:
    person = _mother(world, scope)
    invitation, _ = Invitation.objects.get_or_create(case=person.case, person=person)
    offer = SupportOffer.objects.create(
        invitation=invitation,
        kind=SupportKind.ADVOCACY,
        offered_on=dt.date(2026, 11, 2),
        offered_by=world.away_manager,
    )
    return commissioned(world, scope) | {"person_id": person.pk, "pk": offer.pk}


F = Audience.FAMILY_LOG
SPECS = {
    "family:index": Spec(F, commissioned),
    "family:leaflet_docx": Spec(F, commissioned),
    "family:shared_add": Spec(F, commissioned, post=True),
    "family:person": Spec(F, person_ref),
    "family:invitation": Spec(F, person_ref, post=True),
    "family:contact_add": Spec(F, person_ref, post=True),
    "family:letter": Spec(F, person_ref, post=True),
    "family:letter_docx": Spec(F, person_ref),
    "family:view_add": Spec(F, person_ref, post=True),
    "family:support_add": Spec(F, person_ref, post=True),
    "family:support_edit": Spec(F, support_ref, post=True),
    "family:involvement": Spec(F, person_ref, post=True),
}
