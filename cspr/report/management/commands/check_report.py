"""``manage.py check_report --case REF DRAFT.docx``: the checks of an uploaded draft, from the command line.

One JSON object per line on stdout: each anonymisation finding (``kind``, ``text`` as written in the
draft, ``where``: body, table, header, footer, footnote, comment, tracked change or properties, and
its place), then each structure check not met (``kind`` "structure"). Exit 0 when the checks ran;
exit 2 with a message on stderr for a file it cannot read, an unknown case or bad arguments.
Nothing is stored and nothing is logged as a page read: it is an operator's tool on the server.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cspr.cases.models import Case
from cspr.report import checks, docxtext
from cspr.report.docxtext import UnreadableDocx
from cspr.report.models import Acceptance

MAX_BYTES = 50 * 1024 * 1024


class Command(BaseCommand):
    help = "Run the report checks (anonymisation, structure) on a draft; one JSON object per finding."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--case", required=True, help="The case reference, e.g. DEMO-8")
        parser.add_argument("draft", help="The draft report (.docx)")
        parser.add_argument(
            "--no-render",
            action="store_true",
            help="Do not render with LibreOffice (the executive summary's length is then not measured)",
        )

    def handle(self, *args: Any, case: str, draft: str, no_render: bool, **options: Any) -> None:
        path = Path(draft)
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(f"{draft} is larger than {MAX_BYTES // (1024 * 1024)}MB", returncode=2)
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {draft}: {error.strerror or error}", returncode=2) from error
        try:
            docxtext.units(data)  # readable at all, before anything else
        except UnreadableDocx as error:
            raise CommandError(f"Cannot read {draft}: {error}", returncode=2) from error
        found = Case.objects.filter(reference=case).first()
        if found is None:
            raise CommandError(f"No case with the reference {case}", returncode=2)
        convert = None
        if not no_render:
            from cspr.documents import engine

            convert = engine.docx_to_pdf
        try:
            result = checks.run(found, data, convert=convert)
        except UnreadableDocx as error:
            raise CommandError(f"Cannot read {draft}: {error}", returncode=2) from error
        accepted = set(Acceptance.objects.filter(case=found).values_list("key", flat=True))
        for finding in result.findings:
            row = finding.as_json() | {"accepted": finding.key in accepted}
            self.stdout.write(json.dumps(row, ensure_ascii=False))
        for check in result.structure:
            if not check.ok:
                row = {"kind": "structure", "text": check.title, "where": "body", "check": check.check}
                self.stdout.write(json.dumps(row | {"detail": check.detail, "place": check.place}, ensure_ascii=False))
