from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from cspr.cases.models import Case
from tests.documents.full_case import full_case
from tests.world import World


@pytest.fixture
def case(world: World) -> Case:
    """The world's own case with its whole record filled in through the real models."""
    return full_case(world)


def _uno_python_works() -> bool:
    done = subprocess.run([settings.UNO_PYTHON, "-c", "import uno"], capture_output=True, check=False)
    return done.returncode == 0


@pytest.fixture(scope="session")
def warm_converter(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path | None]:
    """The socket of one long-running PDF converter (``manage.py pdf_converter``) for the session's
    tests, or None without LibreOffice's Python bridge (python3-uno; .ci/run installs it)."""
    if not _uno_python_works():
        yield None
        return
    sock = tmp_path_factory.mktemp("pdf") / "converter.sock"
    server = subprocess.Popen(
        [sys.executable, "manage.py", "pdf_converter", "--socket", str(sock), "--queue", "4"],
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(600):
            if sock.exists() or server.poll() is not None:
                break
            time.sleep(0.1)
        assert sock.exists(), server.stdout.read().decode() if server.stdout else ""
        yield sock
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def converter(warm_converter: Path | None) -> Path:
    if warm_converter is None:
        pytest.skip("LibreOffice's Python bridge (python3-uno) is not installed: .ci/run installs it")
    return warm_converter
