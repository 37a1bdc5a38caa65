"""The data lifecycle's pages: schedules for the partnership's managers; the rest for its data
protection lead only (the business manager in the test world)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.retention.models import DestructionCertificate, LegalHold, Outcome, ReviewDecision
from tests.matrix import Audience, Spec
from tests.world import World


def _lead(world: World, case: Case) -> User:
    return world.user(Role.BUSINESS_MANAGER) if case.lead_partnership_id == world.home.pk else world.away_manager


def unit_ref(world: World, scope: str) -> dict[str, Any]:
    return {"record_class": "chronology", "reference": world.cases[scope].reference}


def _decision(world: World, scope: str) -> ReviewDecision:
    case = world.cases[scope]
    user = _lead(world, case)
    return ReviewDecision.objects.create(
        partnership=case.lead_partnership, case=case, case_reference=case.reference, record_class="chronology",
        outcome=Outcome.DESTROY, reason="Matrix", period_ended_on=dt.date(2026, 1, 1), decided_by=user,
        decided_by_label=user.full_name, decided_at=timezone.now(),
    )  # fmt: skip


def decision_ref(world: World, scope: str) -> dict[str, Any]:
    return {"pk": _decision(world, scope).pk}


def hold_ref(world: World, scope: str) -> dict[str, Any]:
    case = world.cases[scope]
    hold = LegalHold.objects.create(
        partnership=case.lead_partnership, case=case, case_reference=case.reference, reason="Matrix",
        placed_by=_lead(world, case), placed_at=timezone.now(),
    )  # fmt: skip
    return {"pk": hold.pk}


def _certificate(world: World, scope: str) -> DestructionCertificate:
    decision = _decision(world, scope)
    return DestructionCertificate.objects.create(
        partnership=decision.partnership, decision=decision, number=f"M-{decision.pk}",
        case_reference=decision.case_reference, record_class="chronology", record_class_label="Chronology entries",
        rows={"chronology.ChronologyEntry": 2}, files=[], reason="Matrix", authorised_by_label="Matrix",
        authorised_at=timezone.now(), destroyed_by=decision.decided_by, destroyed_by_label="Matrix",
        destroyed_at=timezone.now(), period_ended_on=dt.date(2026, 1, 1),
    )  # fmt: skip


def certificate_ref(world: World, scope: str) -> dict[str, Any]:
    return {"pk": _certificate(world, scope).pk}


def certificate_file_ref(world: World, scope: str) -> dict[str, Any]:
    return certificate_ref(world, scope) | {"fmt": "docx"}


def person_ref(world: World, scope: str) -> dict[str, Any]:
    case = world.cases[scope]
    person = case.people.first()
    assert person is not None
    return {"reference": case.reference, "person_id": person.pk}


DP = Audience.DATA_PROTECTION
RECORD = Audience.DATA_PROTECTION_RECORD
SPECS = {
    "retention:schedules": Spec(Audience.MANAGE),
    "retention:schedule_edit": Spec(Audience.MANAGE, lambda w, s: {"record_class": "chronology"}, post=True),
    "retention:contact": Spec(Audience.MANAGE, post=True),
    "retention:review": Spec(DP),
    "retention:unit": Spec(RECORD, unit_ref, post=True),
    "retention:destroy": Spec(RECORD, decision_ref, post_only=True),
    "retention:holds": Spec(DP),
    "retention:hold_add": Spec(DP, post=True),
    "retention:hold_release": Spec(RECORD, hold_ref, post=True),
    "retention:person_hold": Spec(RECORD, person_ref, post=True),
    "retention:certificates": Spec(DP),
    "retention:certificate": Spec(RECORD, certificate_ref),
    "retention:certificate_file": Spec(RECORD, certificate_file_ref),
    "retention:subject_access": Spec(DP),
    "retention:subject_access_export": Spec(RECORD, person_ref, post=True),
}
