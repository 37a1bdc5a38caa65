"""Run every app's benchmarks and write them to one JSON file.

An app contributes ``cspr/<app>/bench.py`` with ``run() -> dict[str, dict]`` returning
``name -> {"value": float, "unit": str, ...}`` (and, where an issue asks, ``floor`` and ``ratio``).
Benchmarks run against a throwaway database so they never touch the demo data.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.test.runner import DiscoverRunner
from django.test.utils import setup_test_environment, teardown_test_environment

EXTRA_BENCHES = ["cspr.filesafety", "ops.casepage"]


class Command(BaseCommand):
    help = "Run the benchmarks and write var/bench.json."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default="var/bench.json")
        parser.add_argument("--only", default="", help="Run only benchmarks of this app label.")

    def handle(self, *args: Any, output: str, only: str, **options: Any) -> None:
        results: dict[str, Any] = {}
        setup_test_environment()
        runner = DiscoverRunner(verbosity=0, interactive=False)
        old_config = runner.setup_databases()
        # Apps by label, then packages that are not apps (the upload checks) by their last name.
        sources = [(c.label, c.name) for c in apps.get_app_configs() if c.name.startswith("cspr.")]
        sources += [(name.rpartition(".")[2], name) for name in EXTRA_BENCHES]
        try:
            for label, package in sources:
                if only and label != only:
                    continue
                module_name = f"{package}.bench"
                if importlib.util.find_spec(module_name) is None:
                    continue
                module = importlib.import_module(module_name)
                for name, result in module.run().items():
                    results[name] = result
                    self.stdout.write(f"{name}: {json.dumps(result)}")
        finally:
            runner.teardown_databases(old_config)
            teardown_test_environment()
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        self.stdout.write(f"Wrote {len(results)} benchmarks to {path}")
