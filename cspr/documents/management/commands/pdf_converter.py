"""Run the long-running PDF converter (one warm LibreOffice serving every web and task worker)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

import cspr.documents.pdfserver as pdfserver


class Command(BaseCommand):
    help = "Run the PDF converter on CSPR_PDF_CONVERTER_SOCKET (needs LibreOffice and python3-uno)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--socket", default=settings.PDF_CONVERTER_SOCKET)
        parser.add_argument("--queue", type=int, default=16, help="Conversions that may wait; more are refused.")

    def handle(self, *args: Any, socket: str, queue: int, **options: Any) -> None:
        python = settings.UNO_PYTHON
        check = subprocess.run([python, "-c", "import uno"], capture_output=True, check=False)
        if check.returncode != 0:
            raise CommandError(
                f"{python} cannot import uno: install LibreOffice's Python bridge (apt-get install python3-uno) "
                "or set CSPR_UNO_PYTHON to a Python that has it."
            )
        script = Path(pdfserver.__file__)
        # exec: the converter replaces this process, so a supervisor's signals reach it directly.
        os.execv(python, [python, str(script), "--socket", socket, "--queue", str(queue)])  # noqa: S606 (fixed argv)
