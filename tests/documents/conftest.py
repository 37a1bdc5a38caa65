from __future__ import annotations

import pytest

from cspr.cases.models import Case
from tests.documents.full_case import full_case
from tests.world import World


@pytest.fixture
def case(world: World) -> Case:
    """The world's own case with its whole record filled in through the real models."""
    return full_case(world)
