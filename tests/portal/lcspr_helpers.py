"""Shared set-up for the LCSPR request kinds' tests: a commissioned LCSPR on the world's own case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.chronology.models import ChronologyEntry
from cspr.portal.kinds.registry import REGISTRY
from cspr.portal.lcspr_requests import send_lcspr_requests
from cspr.portal.models import InformationRequest, RequestType
from cspr.rapidreview.models import RapidReviewRecord
from tests.world import World

# Monday 7 December 2026: the LCSPR was commissioned a week before.
NOW = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)
DUE = dt.date(2027, 1, 15)
KLOES = "How agencies shared information about neglect\nWhether the child's voice was heard"


def commission(world: World) -> Case:
    case = world.cases["own"]
    Case.objects.filter(pk=case.pk).update(lcspr_commissioned_date=dt.date(2026, 11, 30))
    RapidReviewRecord.objects.update_or_create(
        case=case,
        defaults={
            "kloes": KLOES,
            "case_summary": "A fictional summary for the review.",
            "time_period": "From birth to the incident",
        },
    )
    case.refresh_from_db()
    return case


def flag_event(world: World) -> ChronologyEntry:
    return ChronologyEntry.objects.create(
        case=world.cases["own"],
        agency=world.agencies["other"],
        date_text="04/05/2026",
        date_from=dt.date(2026, 5, 4),
        date_to=dt.date(2026, 5, 4),
        source="GP record",
        key_event="Missed appointment not followed up",
        key_learning_event=True,
    )


def send(world: World, kind: RequestType, agency: str = "own") -> InformationRequest:
    [request] = send_lcspr_requests(
        world.cases["own"],
        REGISTRY[kind],
        [world.agencies[agency]],
        due_date=DUE,
        acting_user=world.user(Role.BUSINESS_MANAGER),
        case_summary="A fictional summary for the review.",
        time_period="From birth to the incident",
    )
    return request


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def date_post(name: str, day: dt.date) -> dict[str, Any]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


AUTHOR = {
    "author_name": "Test Author",
    "author_role": "Home Test School, Deputy Head",
    "author_contact": "author@test.invalid",
    "author_independent": "on",
}
SIGN_OFF = {
    "signed_off_name": "Test Senior",
    "signed_off_role": "Head Teacher",
    "signed_off_contact": "head@test.invalid",
}
