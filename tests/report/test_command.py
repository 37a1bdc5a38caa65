"""``manage.py check_report``: one JSON object per finding, exit 0; exit 2 with a message for a file it
cannot read, an unknown case or bad arguments (run as a real process, as an operator would)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cspr.report import docxtext
from tests.report.helpers import PARTS, family_case, seeded_draft
from tests.world import World

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """A real process: its exit status is what an operator's shell sees (the file is read first)."""
    return subprocess.run(
        [sys.executable, "manage.py", "check_report", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_one_json_object_per_finding_and_exit_0(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = family_case(world)
    draft = tmp_path / "draft.docx"
    draft.write_bytes(seeded_draft())
    call_command("check_report", "--case", case.reference, str(draft), "--no-render")
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    anonymisation = [r for r in rows if r["kind"] != "structure"]
    assert {r["where"] for r in anonymisation} == set(PARTS)
    assert all({"kind", "text", "where"} <= set(r) for r in rows)
    assert any(r == r | {"kind": "name", "text": "Dummyfamily", "where": docxtext.FOOTNOTE_W} for r in anonymisation)
    assert any(r["kind"] == "structure" for r in rows)  # the seeded draft has no executive summary


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "Cannot read"), (b"not a zip at all", "not a Word"), (b"PK\x03\x04broken", "not a Word")],
)
def test_a_file_it_cannot_read_exits_2_with_a_message(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "draft.docx"
    if content is not None:
        path.write_bytes(content)
    result = _run("--case", "DEMO-8", str(path), "--no-render")
    assert result.returncode == 2, result.stderr[-2000:]
    assert message in result.stderr
    assert result.stdout == ""


def test_bad_arguments_exit_2(tmp_path: Path) -> None:
    assert _run(str(tmp_path / "draft.docx")).returncode == 2  # --case missing
    assert _run().returncode == 2


def test_an_unknown_case_exits_2_with_a_message(world: World, tmp_path: Path) -> None:
    path = tmp_path / "draft.docx"
    path.write_bytes(seeded_draft())
    with pytest.raises(CommandError) as refused:
        call_command("check_report", "--case", "NOPE-1", str(path), "--no-render")
    assert refused.value.returncode == 2
    assert "No case with the reference NOPE-1" in str(refused.value)
