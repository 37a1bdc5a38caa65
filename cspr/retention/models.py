"""Retention schedules, legal holds, review decisions and destruction certificates.

Rows that must outlive the case they are about (decisions, released holds, certificates) keep the
case's reference as text and a nullable link that is cleared when the case is destroyed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cspr.cases.models import Case, Person
from cspr.organisations.models import Partnership


class RetentionSettings(models.Model):
    """Who the partnership's data protection lead is, and where the "records due for review" email goes."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="retention_settings")
    data_protection_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    data_protection_email = models.EmailField(blank=True)
    version = models.PositiveIntegerField(default=1)


class Schedule(models.Model):
    """A partnership's own period for one record class (without a row, the class's default applies)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="retention_schedules")
    record_class = models.CharField(max_length=40)
    years = models.PositiveSmallIntegerField(default=0)
    months = models.PositiveSmallIntegerField(default=0)
    permanent = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partnership", "record_class"], name="one_schedule_per_class")]


class LegalHold(models.Model):
    """A hold on a case (all its classes or one), on a person (their case and the cases linked to it),
    or on a record class across the partnership. While active nothing it covers can be destroyed."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="legal_holds")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="legal_holds")
    case_reference = models.CharField(max_length=30, blank=True)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="legal_holds")
    record_class = models.CharField(max_length=40, blank=True, help_text="Blank: every class")
    reason = models.TextField()
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField()
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-placed_at", "-id"]

    @property
    def active(self) -> bool:
        return self.released_at is None


class Outcome(models.TextChoices):
    KEEP = "keep", "Keep for longer and review again on a date"
    DESTROY = "destroy", "Destroy"


class ReviewDecision(models.Model):
    """What the data protection lead decided about one record class of one case past its period."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="retention_decisions")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    case_reference = models.CharField(max_length=30)
    record_class = models.CharField(max_length=40)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.TextField()
    review_again_on = models.DateField(null=True, blank=True)
    period_ended_on = models.DateField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by_label = models.CharField(max_length=250)
    decided_at = models.DateTimeField()
    # Set once the destruction it authorised has happened (never twice).
    carried_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]


class DestructionCertificate(models.Model):
    """The record of a destruction, kept after it: what, which case, counts, file hashes, who, when."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="destruction_certificates")
    decision = models.OneToOneField(ReviewDecision, on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField(max_length=40, unique=True)
    case_reference = models.CharField(max_length=30)
    record_class = models.CharField(max_length=40)
    record_class_label = models.CharField(max_length=200)
    rows = models.JSONField(default=dict)  # model label -> count
    files = models.JSONField(default=list)  # [{name, sha256, size, where}]
    reason = models.TextField()
    authorised_by_label = models.CharField(max_length=250)
    authorised_at = models.DateTimeField()
    destroyed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    destroyed_by_label = models.CharField(max_length=250)
    destroyed_at = models.DateTimeField()
    period_ended_on = models.DateField()
    audit_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-destroyed_at", "-id"]

    @property
    def row_total(self) -> int:
        return sum(int(v) for v in self.rows.values())


class DueNotice(models.Model):
    """Each (class, case) already counted in a "records due for review" email: counted once."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    record_class = models.CharField(max_length=40)
    case_reference = models.CharField(max_length=30)
    period_ended_on = models.DateField()
    notified_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "record_class", "case_reference", "period_ended_on"], name="due_notice_once"
            )
        ]
