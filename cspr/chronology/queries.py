"""Reading the integrated chronology: ordering, filters, agency colours, and what other apps use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.db.models.expressions import RawSQL

from cspr.cases.models import Case
from cspr.chronology import palette
from cspr.chronology.models import ChronologyEntry, ReviewPeriod
from cspr.organisations.models import Agency

ORDER = ("date_from", F("time").asc(nulls_first=True), "agency__name", "id")


@dataclass
class Filters:
    agency_ids: list[int] = field(default_factory=list)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    inside_period: bool = False
    key_events_only: bool = False
    duplicates_only: bool = False
    kind: str = ""


def period_for(case: Case) -> tuple[dt.date | None, dt.date | None]:
    period = ReviewPeriod.objects.filter(case=case).first()
    return (period.start, period.end) if period else (None, None)


def entries(case: Case, filters: Filters | None = None) -> QuerySet[ChronologyEntry]:
    """Merged entries of every agency in date and time order (merged duplicates left out)."""
    qs = (
        ChronologyEntry.objects.filter(case=case, merged_into__isnull=True)
        .select_related("agency")
        .defer("agency__address", "agency__strategic_lead_name", "agency__strategic_lead_email", "created_at")
        .order_by(*ORDER)
    )
    if filters is None:
        return qs
    if filters.agency_ids:
        qs = qs.filter(agency_id__in=filters.agency_ids)
    if filters.date_from:
        qs = qs.filter(date_to__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(date_from__lte=filters.date_to)
    if filters.inside_period:
        start, end = period_for(case)
        if start:
            qs = qs.filter(date_to__gte=start)
        if end:
            qs = qs.filter(date_from__lte=end)
    if filters.key_events_only:
        qs = qs.filter(key_learning_event=True)
    if filters.duplicates_only:
        qs = qs.filter(possible_duplicate_of__isnull=False)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return qs


EXPORT_FIELDS = (
    "id",
    "agency_id",
    "agency__name",
    "kind",
    "date_text",
    "precision",
    "uncertain",
    "date_from",
    "date_to",
    "time",
    "source",
    "child_seen",
    "child_contact",
    "family_contact",
    "key_event",
    "comment",
    "key_learning_event",
    "possible_duplicate_of_id",
)


def export_rows(case: Case, filters: Filters | None = None) -> list[dict[str, Any]]:
    """The same entries as plain dicts: an export of 10,000 rows should not build 10,000 models."""
    return list(entries(case, filters).values(*EXPORT_FIELDS))


def agencies_in(case: Case) -> list[Agency]:
    """Agencies with entries in this case, in name order: the legend and the colour slots."""
    # A skip scan of the (case, agency) index: one probe per agency, where DISTINCT read every entry
    # of the case (10,000 at national scale) to find a handful of agencies.
    table = ChronologyEntry._meta.db_table
    ids = RawSQL(  # noqa: S611 - the case id is a bound parameter; the table name is ours
        f"""WITH RECURSIVE found(agency_id) AS (
            SELECT MIN(agency_id) FROM {table} WHERE case_id = %s
            UNION ALL
            SELECT (SELECT MIN(agency_id) FROM {table} WHERE case_id = %s AND agency_id > found.agency_id)
            FROM found WHERE found.agency_id IS NOT NULL
        ) SELECT agency_id FROM found WHERE agency_id IS NOT NULL""",  # noqa: S608 - the table name is ours
        (case.pk, case.pk),
    )
    return list(Agency.objects.filter(pk__in=ids).order_by("name", "id"))


def colour_slots(agencies: list[Agency]) -> dict[int, int]:
    return palette.assign(a.pk for a in agencies)


def agencies_for_case(case: Case) -> QuerySet[Agency]:
    """Agencies that may contribute: the lead partnership's and its collaborators'."""
    partnership_ids = [case.lead_partnership_id, *case.collaborators.values_list("partnership_id", flat=True)]
    return Agency.objects.filter(partnership_id__in=partnership_ids).order_by("name")


def flagged_events(case: Case) -> list[ChronologyEntry]:
    """Key practice learning events for a case, in date order: the Rapid Review record and the
    review's analysis read these."""
    return list(
        ChronologyEntry.objects.filter(case=case, key_learning_event=True, merged_into__isnull=True)
        .select_related("agency")
        .order_by(*ORDER)
    )


def involvement_summary(case: Case, agencies: list[Agency] | None = None) -> list[dict[str, Any]]:
    """Per agency: entries, first and last date, entries flagged; counted by the database (the page's
    table), so the page does not read every entry of a long chronology to draw it. ``agencies``:
    ``agencies_in(case)`` when the caller has it (their names are not read again)."""
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in ChronologyEntry.objects.filter(case=case, merged_into__isnull=True)
        .values("agency_id")
        .annotate(
            count=Count("agency_id"),
            first=Min("date_from"),
            last=Max("date_to"),
            flagged=Count("agency_id", filter=Q(key_learning_event=True)),
        )
        .order_by()
    ]
    # Grouped on the entries alone (a handful of rows), then named: joining the agencies first
    # sorted every entry of a 10,000-entry chronology by agency name.
    if agencies is not None:
        names = {a.pk: a.name for a in agencies}
    else:
        names = dict(Agency.objects.filter(pk__in=[r["agency_id"] for r in rows]).values_list("pk", "name"))
    for row in rows:
        row["name"] = names[row["agency_id"]]
    return sorted(rows, key=lambda r: (r["name"], r["agency_id"]))


def involvement(case: Case) -> list[dict[str, Any]]:
    """Per agency: number of entries, first and last date, and entries flagged (the chart's table)."""
    rows: dict[int, dict[str, Any]] = {}
    for agency_id, name, start, end, flagged in (
        ChronologyEntry.objects.filter(case=case, merged_into__isnull=True)
        .values_list("agency_id", "agency__name", "date_from", "date_to", "key_learning_event")
        .order_by("agency__name", "date_from")
    ):
        row = rows.setdefault(
            agency_id,
            {"agency_id": agency_id, "name": name, "count": 0, "first": start, "last": end, "flagged": 0, "dates": []},
        )
        row["count"] += 1
        row["last"] = max(end, row["last"])
        row["flagged"] += int(flagged)
        row["dates"].append(start)
    return list(rows.values())
