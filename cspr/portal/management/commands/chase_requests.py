"""Send the agency reminders due today (idempotent: safe to run as often as you like)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cspr.portal.chasing import chase_requests


class Command(BaseCommand):
    help = "Email agencies whose information requests are due tomorrow, due today or newly overdue."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = chase_requests()
        self.stdout.write(f"{sent} reminder(s) sent.")
