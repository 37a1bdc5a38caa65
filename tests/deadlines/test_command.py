"""``manage.py statutory_dates``: one JSON object, exit 2 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> dict[str, str]:
    out = StringIO()
    call_command("statutory_dates", *args, stdout=out)
    result: dict[str, str] = json.loads(out.getvalue())
    return result


def test_minimal_inputs_give_the_rapid_review_dates() -> None:
    assert run("--aware", "2024-08-22", "--referral", "2024-08-24") == {
        "notification_due": "2024-08-30",
        "scoping_send_by": "2024-08-28",
        "scoping_return_by": "2024-09-04",
        "meeting_window_start": "2024-09-04",
        "meeting_window_end": "2024-09-12",
        "rapid_review_due": "2024-09-13",
        "rapid_review_due_from_referral": "2024-09-16",
    }


def test_all_inputs_add_the_later_dates() -> None:
    result = run(
        "--aware",
        "2024-08-22",
        "--referral",
        "2024-08-24",
        "--scoping-sent",
        "2024-08-27",
        "--meeting",
        "2024-09-05",
        "--decision",
        "2025-08-31",
        "--publication",
        "2026-01-05",
    )
    assert result["scoping_return_by"] == "2024-09-03"
    assert result["panel_submission_due"] == "2024-09-09"
    assert result["lcspr_due"] == "2026-02-28"
    assert result["prepublication_copies_by"] == "2025-12-22"
    assert result["publication_available_until"] == "2027-01-05"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--aware", "2024-02-30", "--referral", "2024-08-24"], "must be a date"),
        (
            ["--aware", "2024-08-22", "--referral", "2024-08-24", "--meeting", "2024-08-20"],
            "meeting must be the same as or after the referral",
        ),
        (["--aware", "2017-12-22", "--referral", "2024-08-24"], "2018 or later"),
    ],
)
def test_bad_input_exits_2(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message) as caught:
        call_command("statutory_dates", *args)
    assert caught.value.returncode == 2


def test_as_a_subprocess_on_a_fresh_checkout() -> None:
    ok = subprocess.run(
        [sys.executable, "manage.py", "statutory_dates", "--aware", "2026-11-02", "--referral", "2026-11-03"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["rapid_review_due"] == "2026-11-23"
    bad = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "statutory_dates",
            "--aware",
            "2026-11-02",
            "--referral",
            "2026-11-03",
            "--meeting",
            "2026-11-01",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2
    assert "meeting" in bad.stderr
    assert bad.stdout == ""
