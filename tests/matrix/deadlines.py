"""The clock's pages."""

from typing import Any

from tests.matrix import Audience, Spec, case_ref, no_kwargs
from tests.world import World


def deadline_ref(world: World, scope: str) -> dict[str, Any]:
    return {**case_ref(world, scope), "key": "scoping_send"}


SPECS = {
    "deadlines:calculator": Spec(Audience.INTERNAL, no_kwargs, post=True),
    "deadlines:adjust": Spec(Audience.CASE_WRITE, deadline_ref, post=True),
    "deadlines:closure_days": Spec(Audience.MANAGE, no_kwargs, post=True),
    "deadlines:outbox": Spec(Audience.MANAGE, no_kwargs, post=True, ok=frozenset({200})),
}
