"""Print every statutory date the anchor dates allow, as one JSON object (default settings).

    manage.py statutory_dates --aware 2026-11-02 --referral 2026-11-03 [--scoping-sent D]
        [--meeting D] [--decision D] [--publication D]

Exits 2 with a message for a date that is not a date, outside the bank holiday table, or in an
order that cannot be (a meeting before the referral).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cspr.deadlines import engine
from cspr.deadlines import working_days as wd

OPTIONS = {
    "aware": "aware",
    "referral": "referral",
    "scoping_sent": "scoping_sent",
    "meeting": "meeting",
    "decision": "decision",
    "publication": "publication",
}


def _date(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            f"--{option.replace('_', '-')} must be a date like 2026-11-02, not {value!r}", returncode=2
        ) from error


class Command(BaseCommand):
    help = "Print the statutory dates for these anchor dates as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--aware", required=True, help="The local authority became aware (YYYY-MM-DD).")
        parser.add_argument("--referral", required=True, help="The partnership received the referral.")
        parser.add_argument("--scoping-sent", dest="scoping_sent")
        parser.add_argument("--meeting")
        parser.add_argument("--decision", help="The ratified decision date.")
        parser.add_argument("--publication")

    def handle(self, *args: Any, **options: Any) -> None:
        values = {field: _date(option, options.get(option)) for option, field in OPTIONS.items()}
        anchors = engine.anchors_from_dates(values)
        errors = engine.order_errors(anchors)
        if errors:
            raise CommandError("; ".join(f"--{k.replace('_', '-')}: {v}" for k, v in errors.items()), returncode=2)
        try:
            dates = engine.statutory_dates(anchors)
        except wd.OutOfRangeError as error:
            raise CommandError(str(error), returncode=2) from error
        self.stdout.write(json.dumps(dates, indent=None))
