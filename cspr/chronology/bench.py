"""Chronology speed: the integrated page with 2,000 entries from 15 agencies against the framework
floor (a bare page through the same stack, measured in the same run), and the XLSX export of
10,000 entries (goal: 3 s or less)."""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.chronology import exports, palette, queries
from cspr.chronology.models import ChronologyEntry
from cspr.organisations.models import Agency, AgencyType, Partnership, Region

AGENCIES = 15


def _median(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm up
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def _world() -> tuple[Case, User, list[Agency]]:
    region, _ = Region.objects.get_or_create(name="Bench region")
    partnership, _ = Partnership.objects.get_or_create(
        name="Bench partnership", defaults={"region": region, "short_code": "BENCHCHR"}
    )
    agencies = [
        Agency.objects.get_or_create(
            partnership=partnership, name=f"Bench agency {i:02}", defaults={"agency_type": AgencyType.OTHER}
        )[0]
        for i in range(AGENCIES)
    ]
    case, _ = Case.objects.get_or_create(reference="BENCH-CHRON-1", defaults={"lead_partnership": partnership})
    user = User.objects.filter(email="bench.chronology@bench.invalid").first()
    if user is None:
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        user = User.objects.create_user(
            "bench.chronology@bench.invalid",
            "bench-password-123456",
            full_name="Bench",
            role=Role.BUSINESS_MANAGER,
            partnership=partnership,
        )
        TOTP.activate(user, generate_totp_secret())  # pages need a second factor before any data
    return case, user, agencies


def _fill(case: Case, agencies: list[Agency], total: int) -> None:
    have = ChronologyEntry.objects.filter(case=case).count()
    start = dt.date(2015, 1, 1)
    ChronologyEntry.objects.bulk_create(
        [
            ChronologyEntry(
                case=case,
                agency=agencies[i % len(agencies)],
                date_text=f"{start + dt.timedelta(days=i // 3):%d/%m/%Y}",
                date_from=start + dt.timedelta(days=i // 3),
                date_to=start + dt.timedelta(days=i // 3),
                time=dt.time(9 + i % 8, 0) if i % 2 else None,
                source=f"Fictional record {i}",
                child_contact="Seen alone by the worker" if i % 4 == 0 else "",
                child_seen="alone" if i % 4 == 0 else "",
                family_contact="Mother by the worker" if i % 5 == 0 else "",
                key_event=f"Fictional key event number {i}, with a sentence of description as agencies write them.",
                comment="Fictional analysis of what this event shows about practice." if i % 3 == 0 else "",
                key_learning_event=i % 50 == 0,
            )
            for i in range(have, total)
        ],
        batch_size=1000,
    )


def run() -> dict[str, Any]:
    case, user, agencies = _world()
    _fill(case, agencies, 2000)
    client = Client()
    client.force_login(user)
    page_url = reverse("chronology:integrated", kwargs={"reference": case.reference})
    floor_url = reverse("ui:accessibility")
    assert client.get(page_url).status_code == 200
    page = _median(lambda: client.get(page_url), 7)
    floor = _median(lambda: client.get(floor_url), 21)

    _fill(case, agencies, 10000)
    entries = queries.export_rows(case)
    slots = palette.assign(a.pk for a in queries.agencies_in(case))
    period = queries.period_for(case)
    export = _median(lambda: exports.xlsx(entries, slots, period, title="Bench"), 3)
    fetch_and_export = _median(lambda: exports.xlsx(queries.export_rows(case), slots, period, title="Bench"), 3)
    # The floor (issue 15): openpyxl writing the same cells (title, headings, every value) without styles.
    cells = [["Bench"], exports.EXPORT_HEADINGS, *(values for _, values in exports.export_values(entries, period))]
    floor_export = _median(lambda: exports.xlsx_floor(cells), 3)
    return {
        "chronology_page_2000_entries": {
            "value": round(page * 1000, 1),
            "unit": "ms (median of 7, Client GET, 2,000 entries from 15 agencies)",
            "floor": round(floor * 1000, 1),
            "floor_page": "ui:accessibility through the same stack",
            "ratio": round(page / floor, 1),
            "load_average": round(os.getloadavg()[0], 1),
        },
        "chronology_xlsx_export_10000": {
            "value": round(fetch_and_export, 2),
            "unit": "s (median of 3, query + XLSX with agency colours, 10,000 entries)",
            "xlsx_only": round(export, 2),
            "floor": round(floor_export, 2),
            "floor_what": "openpyxl (write-only) writing the same cells without styles",
            "ratio": round(export / floor_export, 2),
            "goal": 3.0,
            "met": fetch_and_export <= 3.0,
            "load_average": round(os.getloadavg()[0], 1),
        },
    }
