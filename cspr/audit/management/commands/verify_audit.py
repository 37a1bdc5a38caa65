"""Check the audit hash chain; exit 1 on the first break."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cspr.audit.chain import verify
from cspr.audit.models import AuditEvent, ChainHead


class Command(BaseCommand):
    help = "Verify that no audit row was changed, removed or inserted outside the application."

    def handle(self, *args: Any, **options: Any) -> None:
        count, broken = verify(AuditEvent.objects.order_by("id").iterator(chunk_size=2000))
        if broken is not None:
            raise CommandError(f"Audit chain broken at row {broken.event_id}: {broken.reason}.", returncode=1)
        head = ChainHead.objects.filter(pk=1).first()
        last = AuditEvent.objects.order_by("-id").first()
        if head is not None and last is not None and head.last_hash != last.hash:
            raise CommandError("Audit chain broken: the newest rows were removed.", returncode=1)
        self.stdout.write(f"Audit chain intact: {count} rows checked.")
