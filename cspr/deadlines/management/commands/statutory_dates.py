"""Print every statutory date the anchor dates allow, as one JSON object (default settings).

    manage.py statutory_dates --aware 2026-11-02 --referral 2026-11-03 [--scoping-sent D]
        [--meeting D] [--decision D] [--publication D]
    manage.py statutory_dates --case DEMO-7

With ``--case`` the dates are the case's own (its milestones, its partnership's settings and closure
days), with the LCSPR's six-month date, the day the pre-publication copies were sent, and its regulation 14 dates: each month's check date, the next
check due today and the last one recorded. Exits 2 with a message for a date that is not a date,
outside the bank holiday table, in an order that cannot be (a meeting before the referral), an
unknown case, or ``--case`` mixed with anchor dates.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cspr.cases.models import Case
from cspr.deadlines import engine, services
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


def case_dates(case: Case) -> dict[str, Any]:
    """The case's statutory dates, its six-month date and its regulation 14 dates, as ISO text."""
    anchors = services.anchors_for(case)
    settings = services.partnership_settings(case.lead_partnership)
    calendar = services.calendar_for_partnership(case.lead_partnership_id)
    out: dict[str, Any] = {"case": case.reference}
    out |= engine.statutory_dates(anchors, settings, calendar)
    if anchors.prepublication_copies_sent is not None:
        # Recorded by cspr.publication (its anchor source): the day the copies went (rule 68).
        out["prepublication_copies_sent"] = anchors.prepublication_copies_sent.isoformat()
    decided = engine.lcspr_decided(anchors)
    if anchors.lcspr_commissioned is not None and decided is not None:
        out["lcspr_decided"] = decided.isoformat()
        out["regulation_14_months"] = [d.isoformat() for d in engine.regulation_14_months(anchors, settings)]
        check = {d.key: d for d in services.deadlines_for_case(case)}["regulation_14_check"]
        if check.due is not None:
            out["regulation_14_next_check"] = check.due.isoformat()
            out["regulation_14_next_check_state"] = check.state.value
        if anchors.regulation_14_checked is not None:
            out["regulation_14_last_check"] = anchors.regulation_14_checked.isoformat()
    return out


class Command(BaseCommand):
    help = "Print the statutory dates for these anchor dates, or for one case, as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--case", help="A case reference: print that case's dates (no anchor dates with it).")
        parser.add_argument("--aware", help="The local authority became aware (YYYY-MM-DD).")
        parser.add_argument("--referral", help="The partnership received the referral.")
        parser.add_argument("--scoping-sent", dest="scoping_sent")
        parser.add_argument("--meeting")
        parser.add_argument("--decision", help="The ratified decision date.")
        parser.add_argument("--publication")

    def handle(self, *args: Any, **options: Any) -> None:
        reference = options.get("case")
        given = [o for o in OPTIONS if options.get(o) is not None]
        if reference is not None:
            if given:
                raise CommandError("--case takes no anchor dates: the case's own dates are used", returncode=2)
            case = Case.objects.select_related("lead_partnership").filter(reference=reference.strip()).first()
            if case is None:
                raise CommandError(f"No case with the reference {reference!r}", returncode=2)
            try:
                self.stdout.write(json.dumps(case_dates(case), indent=None))
            except wd.OutOfRangeError as error:
                raise CommandError(str(error), returncode=2) from error
            return
        missing = [o for o in ("aware", "referral") if options.get(o) is None]
        if missing:
            raise CommandError(
                "Give --case REF, or the anchor dates with at least " + " and ".join(f"--{m}" for m in missing),
                returncode=2,
            )
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
