"""``render_document --list`` / ``render_document ID --case REF --format docx|pdf --output PATH``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cspr.cases.models import Case
from cspr.documents import catalogue, engine


class Command(BaseCommand):
    help = "List the toolkit's documents, or render one for a case as Word or PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("document_id", nargs="?", help="A document identifier, e.g. RAPID_REVIEW_TEMPLATE")
        parser.add_argument("--list", action="store_true", help="List every identifier with its numbers and title.")
        parser.add_argument("--case", help="The case reference.")
        parser.add_argument("--format", choices=["docx", "pdf"], default="docx")
        parser.add_argument("--output", help="Where to write the file.")

    def _fail(self, message: str) -> None:
        self.stderr.write(message)
        sys.exit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for spec in catalogue.DOCUMENTS:
                section = spec.section_number or "—"
                self.stdout.write(f"{spec.id:<36} list {spec.appendix_number:<11} text {section:<4} {spec.title}")
            return
        document_id = options["document_id"]
        if not document_id:
            self._fail("Give a document identifier (see --list).")
        if document_id.upper() not in catalogue.BY_ID:
            self._fail(f"Unknown document identifier {document_id!r}. Run with --list to see them.")
        if not options["case"] or not options["output"]:
            self._fail("Give --case REF and --output PATH.")
        case = Case.objects.select_related("lead_partnership").filter(reference=options["case"]).first()
        if case is None:
            self._fail(f"No case with reference {options['case']!r}.")
            return
        try:
            data = engine.render(document_id, case, options["format"])
        except engine.ConversionError as error:
            self._fail(str(error))
            return
        Path(options["output"]).write_bytes(data)
        self.stdout.write(f"Wrote {options['output']} ({len(data)} bytes)")
