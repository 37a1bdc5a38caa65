"""Load the fictional demo world. Idempotent: running it twice creates nothing new.

Each app may contribute a ``demo.py`` with a ``seed()`` function; they run in INSTALLED_APPS order.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Load the fictional demo world (partnerships, agencies, users, cases)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The demo world is never loaded in production.", returncode=2)
        seeded = []
        for config in apps.get_app_configs():
            if not config.name.startswith("cspr."):
                continue
            module_name = f"{config.name}.demo"
            if importlib.util.find_spec(module_name) is None:
                continue
            module = importlib.import_module(module_name)
            with transaction.atomic():
                module.seed()
            seeded.append(config.label)
        self.stdout.write(f"Demo world loaded ({', '.join(seeded)}).")
