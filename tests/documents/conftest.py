from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cspr.cases.models import Case
from cspr.documents.context import CONTEXT_PROVIDERS
from tests.documents.helpers import RAPID_REVIEW, full_case
from tests.world import World


@pytest.fixture
def provide() -> Iterator[Any]:
    """Register context providers the way other apps do (AppConfig.ready) and remove them after."""
    added: list[Any] = []

    def add(values: dict[str, Any] | Any) -> None:
        provider = values if callable(values) else (lambda case: dict(values))
        CONTEXT_PROVIDERS.append(provider)
        added.append(provider)

    yield add
    for provider in added:
        CONTEXT_PROVIDERS.remove(provider)


@pytest.fixture
def case(world: World, provide: Any) -> Case:
    provide(RAPID_REVIEW)
    return full_case(world)
