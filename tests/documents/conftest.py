from __future__ import annotations

from pathlib import Path

import pytest

from cspr.cases.models import Case
from tests.converter import CONVERTER
from tests.documents.full_case import full_case
from tests.world import World


@pytest.fixture
def case(world: World) -> Case:
    """The world's own case with its whole record filled in through the real models."""
    return full_case(world)


@pytest.fixture(scope="session")
def warm_converter() -> Path | None:
    """The socket of the process's long-running PDF converter (tests/converter.py), or None without
    LibreOffice's Python bridge (python3-uno; .ci/run installs it)."""
    return CONVERTER.socket()


@pytest.fixture
def converter(warm_converter: Path | None) -> Path:
    if warm_converter is None:
        pytest.skip("LibreOffice's Python bridge (python3-uno) is not installed: .ci/run installs it")
    return warm_converter
