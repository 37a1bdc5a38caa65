"""Print the demo logins (what `make run` shows)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from cspr.accounts.demo import DEMO_PASSWORD
from cspr.accounts.models import User


class Command(BaseCommand):
    help = "List the demo users and how to get their one-time codes."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            self.stdout.write("No demo logins in production.")
            return
        port = __import__("os").environ.get("PORT", "8000")
        self.stdout.write("")
        self.stdout.write(f"CSPR Manager demo world — sign in at http://127.0.0.1:{port}/")
        self.stdout.write(f"Every demo user's password: {DEMO_PASSWORD}")
        self.stdout.write("One-time code: .venv/bin/python manage.py demo_code EMAIL (it changes every 30 seconds)")
        self.stdout.write("")
        for user in User.objects.filter(is_demo=True).select_related("partnership", "agency").order_by("email"):
            where = user.partnership.name if user.partnership else (user.agency.name if user.agency else "—")
            self.stdout.write(f"  {user.email:<40} {user.get_role_display():<40} {where}")
        self.stdout.write("")
