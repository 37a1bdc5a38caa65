"""Partnership administrators' user pages (cspr.accounts.urls).

Each scope gets a throwaway user of ``home`` to act on, so that disabling one (the POST checks)
never signs out a role the matrix still has to try. That another partnership's users are out of
reach (404) is shown in tests/accounts/test_users.py.
"""

from __future__ import annotations

from itertools import count
from typing import Any

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from tests.matrix import Audience, Spec
from tests.world import World

_serial = count(1)


def home_user(world: World, scope: str) -> dict[str, Any]:
    user = User.objects.create_user(
        f"matrix.{scope}.{next(_serial)}@test.invalid",
        None,
        full_name="Matrix Test User",
        role=Role.CSPR_GROUP_MEMBER,
        partnership=world.home,
    )
    return {"user_id": user.pk}


def home_partner_lead(world: World, scope: str) -> dict[str, Any]:
    user = User.objects.create_user(
        f"matrix.lead.{scope}.{next(_serial)}@test.invalid",
        None,
        full_name="Matrix Test Lead",
        role=Role.PARTNER_LEAD,
        partnership=world.home,
    )
    return {"user_id": user.pk}


SPECS = {
    "accounts:users": Spec(Audience.MANAGE),
    "accounts:new_user": Spec(Audience.MANAGE, post=True),
    "accounts:user": Spec(Audience.MANAGE, home_user),
    "accounts:disable_user": Spec(Audience.MANAGE, home_user, post=True),
    "accounts:send_link": Spec(Audience.MANAGE, home_user, post_only=True),
    "accounts:statutory_partner": Spec(Audience.MANAGE, home_partner_lead, post=True),
    # The POST resets a throwaway user's second factor (tests/accounts/test_second_factor.py has
    # the outcome, and the other partnership's administrator and partner lead refused with 404).
    "accounts:reset_second_factor": Spec(Audience.MANAGE, home_user, post=True),
}
