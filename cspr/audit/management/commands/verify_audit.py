"""Check the audit log (chain, access rows, seals, newest checkpoint); exit 1 on any break."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cspr.audit.verify import verify_all


class Command(BaseCommand):
    help = "Verify that no audit row was changed, removed or inserted outside the application."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_all()
        if not report.intact:
            raise CommandError(" ".join(report.breaks), returncode=1)
        self.stdout.write(f"Audit chain intact: {report.checked} rows checked.")
        if report.checkpoint is not None:
            self.stdout.write(
                f"Agrees with the checkpoint written at {report.checkpoint.written_at} (row {report.checkpoint.last_id})."
            )
        else:
            self.stdout.write("No checkpoint written yet: run the worker (seal_audit_chain).")
        if report.unsealed:
            self.stdout.write(f"{report.unsealed} access rows are not sealed into the chain yet.")
