"""Chronology entries (Document 10's columns), the case's review period, and pending imports.

An entry's date is kept three ways: the text the agency wrote (``date_text``, e.g. "?May 2016"),
its precision (day, month, season, year) with an ``uncertain`` mark, and the range it covers
(``date_from``..``date_to``). Entries sort on ``date_from`` then time, so "Spring 2019" sorts at
1 March 2019 and "May 2016" at 1 May 2016, ahead of the day entries within it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from cspr.cases.models import Case
from cspr.organisations.models import Agency


class EntryKind(models.TextChoices):
    KEY_EVENT = "key_event", "Key event"
    ORGANISATIONAL_CHANGE = "org_change", "Organisational change"


class Precision(models.TextChoices):
    DAY = "day", "Exact day"
    MONTH = "month", "Month"
    SEASON = "season", "Season"
    YEAR = "year", "Year"


class ChildSeen(models.TextChoices):
    SEEN_ALONE = "alone", "Seen alone"
    SEEN_NOT_ALONE = "not_alone", "Seen, not alone"
    NOT_SEEN = "not_seen", "Not seen"
    NOT_RECORDED = "", "Not recorded"


class EntryOrigin(models.TextChoices):
    MANUAL = "manual", "Entered by hand"
    IMPORT = "import", "Imported from a Document 10 return"


class ChronologyEntry(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="chronology_entries")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="chronology_entries")
    kind = models.CharField(max_length=20, choices=EntryKind.choices, default=EntryKind.KEY_EVENT)
    date_text = models.CharField(max_length=60, help_text="The date as the agency wrote it")
    precision = models.CharField(max_length=10, choices=Precision.choices, default=Precision.DAY)
    uncertain = models.BooleanField(default=False)
    date_from = models.DateField()
    date_to = models.DateField()
    time = models.TimeField(null=True, blank=True)
    source = models.CharField(max_length=300)
    child_seen = models.CharField(max_length=10, choices=ChildSeen.choices, blank=True, default="")
    child_contact = models.TextField(blank=True, help_text="Contact with the child and by whom")
    family_contact = models.TextField(blank=True, help_text="Contact with family members and by whom")
    key_event = models.TextField()
    comment = models.TextField(blank=True, help_text="Comment and analysis, including potential learning")
    key_learning_event = models.BooleanField(default=False)
    possible_duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="possible_duplicates"
    )
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged")
    origin = models.CharField(max_length=10, choices=EntryOrigin.choices, default=EntryOrigin.MANUAL)
    source_row = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["case", "date_from", models.F("time").asc(nulls_first=True), "agency_id", "id"]
        indexes = [
            models.Index(fields=["case", "date_from"], name="chron_case_date"),
            # The chronology page's per-agency table, its agencies and its count read every entry of
            # the case: from this index alone on PostgreSQL (an index-only scan), not the table.
            models.Index(
                fields=["case", "agency"],
                include=["merged_into", "date_from", "date_to", "key_learning_event"],
                name="chron_case_agency",
            ),
        ]
        verbose_name_plural = "chronology entries"

    def __str__(self) -> str:
        return f"{self.date_text}: {self.key_event[:40]}"

    @property
    def date_label(self) -> str:
        return self.date_text

    def inside(self, start: dt.date | None, end: dt.date | None) -> bool | None:
        """Whether the entry falls inside the review period; None when no period is set."""
        if start is None and end is None:
            return None
        return (start is None or self.date_to >= start) and (end is None or self.date_from <= end)


class ReviewPeriod(models.Model):
    """The time period the review looks at (the Case Summary's "time period that is the focus")."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="review_period")
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)


class ImportStatus(models.TextChoices):
    PENDING = "pending", "Waiting for confirmation"
    COMMITTED = "committed", "Added to the chronology"
    DISCARDED = "discarded", "Discarded"


class ChronologyImport(models.Model):
    """An uploaded Document 10 return, checked and held for a person to confirm (the preview)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="chronology_imports")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="chronology_imports")
    file_kind = models.CharField(max_length=10)
    status = models.CharField(max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    # One dict per row: {"row", "sheet", "fields", "warnings", "refusals"} (see cspr.chronology.importer).
    rows = models.JSONField(default=list)
    file_warnings = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    committed_at = models.DateTimeField(null=True, blank=True)

    @property
    def accepted(self) -> list[dict[str, object]]:
        return [r for r in self.rows if not r["refusals"]]

    @property
    def refused(self) -> list[dict[str, object]]:
        return [r for r in self.rows if r["refusals"]]
