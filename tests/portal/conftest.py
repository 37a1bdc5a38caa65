from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine

from cspr.accounts.roles import Role
from cspr.cases.models import Person, PersonRole
from cspr.portal import actions
from cspr.portal.kinds import registry
from cspr.portal.kinds.base import RequestKind
from cspr.portal.models import InformationRequest
from tests.mail import Received
from tests.world import World

# Tuesday 3 November 2026, the day after the world's referral: scoping requests go out today.
NOW = dt.datetime(2026, 11, 3, 10, 0, tzinfo=dt.UTC)


def add_family(world: World, scope: str = "own") -> Person:
    return Person.objects.create(
        case=world.cases[scope],
        role=PersonRole.FAMILY_MEMBER,
        first_name="Testmother",
        last_name="Example",
        relationship_to_child="Mother",
        date_of_birth=dt.date(1990, 5, 1),
        ethnicity="White British",
        language="English",
    )


def send_to_own_agency(world: World) -> InformationRequest:
    [request] = actions.send_scoping_requests(
        world.cases["own"],
        [world.agencies["own"]],
        acting_user=world.user(Role.BUSINESS_MANAGER),
        case_summary="A fictional summary.",
        time_period="From birth to the incident.",
    )
    return request


@pytest.fixture
def sent(world: World) -> InformationRequest:
    add_family(world)
    with time_machine.travel(NOW):
        return send_to_own_agency(world)


def body_of(received: Received) -> str:
    part = received.message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def standing_in(kind: RequestKind) -> Iterator[RequestKind]:
    """A test's kind registered under a built-in kind's key, which steps aside and comes back after
    (a fixture body: ``yield from standing_in(MyKind())``)."""
    builtin = registry.REGISTRY.pop(kind.key, None)
    registered = registry.register(kind)
    yield registered
    registry.unregister(kind.key)
    if builtin is not None:
        registry.register(builtin)
