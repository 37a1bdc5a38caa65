"""Print the current one-time code of a demo user (demo world only, never in production)."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cspr.accounts.models import User


def current_code(user: User) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    counter = next(iter(yield_hotp_counters_from_time()))
    return str(format_hotp_value(hotp_value(secret, counter)))


class Command(BaseCommand):
    help = "Print the current one-time (TOTP) code of a demo user, so a person or script can sign in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        if settings.PRODUCTION or not settings.DEMO_WORLD:
            raise CommandError("demo_code works only in the demo world, never in production.", returncode=2)
        user = User.objects.filter(email=email.lower()).first()
        if user is None or not user.is_demo:
            raise CommandError(f"{email} is not a demo user.", returncode=2)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            raise CommandError(f"{email} has no authenticator app set up.", returncode=2)
        self.stdout.write(current_code(user))
