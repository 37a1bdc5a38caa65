"""One long-running PDF converter (``manage.py pdf_converter``) per test process, started when a
test first needs it and stopped when the process ends.

The documents tests convert through it (``warm_converter``, tests/documents/conftest.py), and so
does each seeding of the shared demo world (tests/demo_world.py): its progress report is converted
twice, and a one-shot LibreOffice pays its start-up for every conversion.
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path

from django.conf import settings


@cache
def uno_python_works() -> bool:
    """LibreOffice's Python bridge (python3-uno) is installed: .ci/run installs it."""
    done = subprocess.run([settings.UNO_PYTHON, "-c", "import uno"], capture_output=True, check=False)
    return done.returncode == 0


class _Converter:
    def __init__(self) -> None:
        self.server: subprocess.Popen[bytes] | None = None
        self.folder: Path | None = None

    def socket(self) -> Path | None:
        """The running converter's socket (started now if need be); None without python3-uno."""
        if self.server is not None and self.server.poll() is None:
            assert self.folder is not None
            return self.folder / "converter.sock"
        self.stop()
        if not uno_python_works():
            return None
        self.folder = Path(tempfile.mkdtemp(prefix="cspr_pdf_"))
        sock, log = self.folder / "converter.sock", self.folder / "converter.log"
        with log.open("wb") as out:  # a file, not a pipe nobody reads: a full pipe would stall it
            self.server = subprocess.Popen(
                [sys.executable, "manage.py", "pdf_converter", "--socket", str(sock), "--queue", "4"],
                cwd=settings.BASE_DIR,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        atexit.register(self.stop)
        for _ in range(600):
            if sock.exists() or self.server.poll() is not None:
                break
            time.sleep(0.1)
        assert sock.exists(), log.read_text(errors="replace")
        return sock

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=30)
            self.server = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


CONVERTER = _Converter()
