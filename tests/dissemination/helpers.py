"""Shared set-up of the dissemination tests."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tempfile
from pathlib import Path

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.learning.models import LearningPoint
from tests.world import World


def manager(world: World) -> User:
    return world.user(Role.BUSINESS_MANAGER)


def decided(world: World, scope: str = "own") -> Case:
    """The scope's case with its Rapid Review decision recorded (learning can be shared from then)."""
    case = world.cases[scope]
    Case.objects.filter(pk=case.pk).update(meeting_date=dt.date(2026, 11, 12), decision_date=dt.date(2026, 11, 12))
    case.refresh_from_db()
    return case


def add_learning_points(world: World, case: Case) -> list[LearningPoint]:
    return [
        LearningPoint.objects.create(
            case=case,
            number=n,
            title=title,
            text=text,
            created_by=manager(world),
        )
        for n, title, text in (
            (1, "Professional curiosity", "Practitioners accepted explanations for missed appointments (fictional)."),
            (2, "Voice of the child", "The child's own words were not recorded at the visits (fictional)."),
        )
    ]


def pdf_text(data: bytes) -> str:
    """The PDF's text through poppler's pdftotext (the file as a reader would open it)."""
    assert data.startswith(b"%PDF"), data[:20]
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "report.pdf"
        source.write_bytes(data)
        out = subprocess.run(["pdftotext", str(source), "-"], capture_output=True, check=True, timeout=60)
    return " ".join(out.stdout.decode().split())


def pypdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)
