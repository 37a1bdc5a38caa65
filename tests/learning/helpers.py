"""Shared set-up for the learning tests: a commissioned LCSPR on the world's own case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.learning import actions
from cspr.learning.models import LearningPoint, Recommendation
from cspr.organisations.models import PartnerKind
from tests.rapidreview.helpers import partner_lead
from tests.world import World

TODAY = dt.date(2026, 12, 1)


def commissioned(world: World, scope: str = "own") -> Case:
    case = world.cases[scope]
    Case.objects.filter(pk=case.pk).update(lcspr_commissioned_date=dt.date(2026, 6, 3))
    case.refresh_from_db()
    return case


def manager(world: World) -> User:
    return world.user(Role.BUSINESS_MANAGER)


def with_mfa(user: User) -> User:
    """Users made outside the world's builder get a second factor so they can sign in."""
    if not Authenticator.objects.filter(user=user).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


def lead(world: World, kind: PartnerKind) -> User:
    return with_mfa(partner_lead(world, kind))


def leads(world: World) -> dict[str, User]:
    return {kind.value: lead(world, kind) for kind in PartnerKind}


def add_point(case: Case, user: User, title: str = "Professional curiosity") -> LearningPoint:
    return actions.add_learning_point(case, title=title, text="Practitioners did not ask why.", acting_user=user)


def rec_values(**extra: Any) -> dict[str, Any]:
    return {
        "addressee": "Demo Council children's services",
        "scope": "local",
        "expected_change": "Supervision records the second question.",
        "measure": "Audit of 20 supervision records in six months",
        "due_by": dt.date(2027, 6, 30),
        "national_policy": False,
    } | extra


def add_rec(case: Case, user: User, **extra: Any) -> Recommendation:
    return actions.add_recommendation(case, acting_user=user, **rec_values(**extra))


def endorse_own(rec: Recommendation, lead: User, partner: str) -> Any:
    return actions.endorse(
        rec, partner=partner, executive_name=lead.full_name, executive_role="Executive", date=TODAY, acting_user=lead
    )


def endorse_form(partner: str, version: int, **extra: str) -> dict[str, str]:
    return {
        "partner": partner,
        "executive_name": "Test Exec",
        "executive_role": "Director",
        "date-day": "1",
        "date-month": "12",
        "date-year": "2026",
        "version": str(version),
    } | extra
