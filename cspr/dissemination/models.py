"""Embedding learning (toolkit §11, rules 71 and 73): the audit of progress and the dissemination plan.

- ``AuditCycle``: how often the partnership audits the progress of its open action plans (a
  partnership setting, default quarterly; §11.4.1 "regularly audit progress").
- ``ProgressReport``: one audit: a snapshot of every open action of the partnership's action plans
  when it was generated (HTML page and PDF), then the CSPR group's review of it: when, who,
  conclusions and the date of the next review (the cycle proposes one). A reminder goes to the
  business manager once when the next review falls due (``reminded_on``).
- ``Activity`` and ``Attendance``: the dissemination plan of one review (rule 73, §11.3.2):
  briefings and learning events, their audiences, planned dates, dates held and attendance by
  agency and role.
- ``Briefing``: the 7-minute briefing of one review, produced from its learning points as a Word
  document (catalogue ``SEVEN_MINUTE_BRIEFING``: not a toolkit-numbered document).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models

from cspr.cases.models import Case
from cspr.organisations.models import Partnership


class CycleMonths(models.IntegerChoices):
    MONTHLY = 1, "Monthly"
    QUARTERLY = 3, "Quarterly (every three months)"
    HALF_YEARLY = 6, "Every six months"
    YEARLY = 12, "Yearly"


DEFAULT_CYCLE_MONTHS = CycleMonths.QUARTERLY


class AuditCycle(models.Model):
    """A partnership's audit-of-progress cycle; absent means the default (quarterly)."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="progress_audit_cycle")
    months = models.PositiveSmallIntegerField(choices=CycleMonths.choices, default=DEFAULT_CYCLE_MONTHS)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)


class ProgressReport(models.Model):
    """One audit of progress: the open actions as they stood, and the CSPR group's review of them."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="progress_reports")
    number = models.PositiveIntegerField()
    generated_on = models.DateField()
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField(auto_now_add=True)
    cycle_months = models.PositiveSmallIntegerField(choices=CycleMonths.choices)
    # Every open action as it stood (``progress.ActionRow``), so the report never changes afterwards.
    rows = models.JSONField(default=list)
    proposed_next_review = models.DateField()
    # In the document store (CSPR_STORAGE), like every file the product keeps; ``pdf`` reads and sets it.
    pdf_file = models.FileField(upload_to="progress-reports/", max_length=300, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    # The CSPR group's review of the report.
    reviewed_on = models.DateField(null=True, blank=True)
    reviewed_by = models.CharField(max_length=300, blank=True)
    conclusions = models.TextField(blank=True)
    next_review_date = models.DateField(null=True, blank=True)
    review_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    review_recorded_at = models.DateTimeField(null=True, blank=True)
    # The reminder that the next review is due: sent once.
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["partnership", "-number"]
        constraints = [models.UniqueConstraint(fields=["partnership", "number"], name="progress_report_number_once")]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._pending: bytes | None = None
        super().__init__(*args, **kwargs)

    def __str__(self) -> str:
        return f"Progress report {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._pending is not None:
            name = f"{self.partnership_id}/{self.pdf_sha256 or 'unhashed'}.pdf"
            self.pdf_file.save(name, ContentFile(self._pending), save=False)
            self._pending = None
        super().save(*args, **kwargs)

    @property
    def pdf(self) -> bytes:
        """The report as a PDF, from the document store (empty until it is made)."""
        if self._pending is not None:
            return self._pending
        if not self.pdf_file:
            return b""
        with self.pdf_file.open("rb") as handle:
            data: bytes = handle.read()
        return data

    @pdf.setter
    def pdf(self, data: bytes) -> None:
        # Written to the store when the row is saved.
        self._pending = bytes(data)

    @property
    def reviewed(self) -> bool:
        return self.reviewed_on is not None


class ActivityKind(models.TextChoices):
    BRIEFING = "briefing", "Briefing (for example a 7-minute briefing in team meetings)"
    LEARNING_EVENT = "learning_event", "Learning event (single or multi-agency)"
    SUPERVISION = "supervision", "Briefing note for supervision sessions"
    OTHER = "other", "Other"


class Activity(models.Model):
    """One briefing or learning event of a review's dissemination plan."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="dissemination_activities")
    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    title = models.CharField(max_length=200)
    audience = models.TextField(help_text="Who it is for: agencies, teams, roles")
    planned_on = models.DateField()
    held_on = models.DateField(null=True, blank=True)
    delivered_by = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "planned_on", "id"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """How many attended an activity from one agency in one role (no names)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendance")
    organisation = models.CharField(max_length=200)
    role = models.CharField(max_length=200)
    number = models.PositiveIntegerField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["activity", "organisation", "role", "id"]


class Briefing(models.Model):
    """The 7-minute briefing of a review: the classic sections, drawn from its learning points."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="seven_minute_briefing")
    title = models.CharField(max_length=200)
    background = models.TextField()
    why_it_matters = models.TextField()
    information = models.TextField(blank=True, help_text="Left blank: the learning points are printed")
    questions = models.TextField()
    what_to_do = models.TextField()
    further_information = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
