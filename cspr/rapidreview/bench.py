"""Rapid Review costs: the notification helper, opening a case, and the quorum check."""

from __future__ import annotations

import statistics
import time
from typing import Any

from django.db import transaction

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.actions import open_case
from cspr.cases.models import Origin
from cspr.organisations.models import PartnerKind, Partnership, Region
from cspr.rapidreview import notify, quorum
from cspr.rapidreview.models import Attendee


def _median_us(fn: Any, n: int) -> float:
    timings = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    return round(statistics.median(timings) * 1e6, 1)


def run() -> dict[str, Any]:
    answers = notify.Answers(harm=notify.Harm.DIED, sudi=True, abuse_or_neglect=True, looked_after=True)
    region, _ = Region.objects.get_or_create(name="Bench Region")
    partnership, _ = Partnership.objects.get_or_create(
        region=region, name="Bench Partnership (Rapid Review)", short_code="BENCHRR"
    )
    user, _ = User.objects.get_or_create(
        email="bench@bench.invalid",
        defaults={"full_name": "Bench", "role": Role.BUSINESS_MANAGER, "partnership": partnership},
    )

    def open_one() -> None:
        with transaction.atomic():
            open_case(
                partnership=partnership,
                origin=Origin.REFERRAL,
                dates={},
                referral={},
                child={"first_name": "Bench"},
                notification_decision=None,
                acting_user=user,
            )

    attendees = [
        Attendee(name=f"P{n}", role="r", organisation="o", represents=kind.value, employed_by=kind.value, present=True)
        for n in range(10)
        for kind in PartnerKind
    ]
    return {
        "notify_decide": {"value": _median_us(lambda: notify.decide(answers), 2000), "unit": "µs (median of 2000)"},
        "open_case": {"value": _median_us(open_one, 100), "unit": "µs (median of 100, incl. reference and audit)"},
        "quorum_30_attendees": {
            "value": _median_us(lambda: quorum.compute(attendees), 2000),
            "unit": "µs (median of 2000)",
        },
    }
