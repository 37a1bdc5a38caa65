"""The production shape serves pages: collectstatic, migrate, gunicorn with CSPR_PRODUCTION=true.

Runs `.ci/production_shape.py` (the same script CI runs against PostgreSQL) against a throw-away
SQLite file: a stylesheet naming a source map that is not shipped made collectstatic fail, and
every page of production answer 500 (issue 16, item 1).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.own_sqlite
def test_production_shape_serves_pages_and_static_files_and_signs_in(tmp_path: Path) -> None:
    database = tmp_path / "production.sqlite3"
    done = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "production_shape.py")],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{database}", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("200 /accounts/login/")
    assert any(line.startswith("200 /static/moj/moj-frontend.min.") and ".css" in line for line in lines)
    assert any(line.startswith("200 /static/") and ".js" in line for line in lines)
    # Signed in through the real form; a new user's first stop is setting up a second factor.
    assert "302 sign in -> /" in lines
    assert "200 /accounts/2fa/totp/activate/" in lines
