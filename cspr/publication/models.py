"""Approval of the final report, pre-reading, the publication plan, the pre-publication copies and
publication itself (toolkit §9.1.7, §9.2.5, §10; rules.md rules 63–70, C10, C11).

The dates that drive the clock are the case's milestones (``report_approved_date``,
``publication_date`` — the planned date — and ``published_date``), reached only through this app's
actions; the rows here hold who did what and when.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models

from cspr.cases.models import Case, Person
from cspr.organisations.models import Agency, PartnerKind


class Approval(models.Model):
    """One statutory partner's formal approval of the final report (rule 63), each for itself."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="report_approvals")
    partner = models.CharField(max_length=20, choices=PartnerKind.choices)
    approver_name = models.CharField(max_length=200)
    approver_role = models.CharField(max_length=200)
    date = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    on_behalf = models.BooleanField(default=False)
    acting_partner = models.CharField(max_length=20, blank=True)  # "" for the business manager
    on_behalf_reason = models.TextField(blank=True)
    delegation = models.TextField(blank=True)

    class Meta:
        ordering = ["case", "partner"]
        constraints = [models.UniqueConstraint(fields=["case", "partner"], name="report_approved_once_per_partner")]

    def __str__(self) -> str:
        return f"Approval by the {self.get_partner_display()}"


class PreReading(models.Model):
    """The report given to a family member or key individual to read before publication (§9.2.5)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pre_readings")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # A key individual who is not in the family record (for example a foster carer).
    other = models.CharField(max_length=200, blank=True)
    given_on = models.DateField()
    how = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "given_on", "id"]

    def __str__(self) -> str:
        return f"Pre-reading {self.pk}"


class PractitionerBriefing(models.Model):
    """An agency's managers told its practitioners the publication date (§10.3.3), once per agency."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="practitioner_briefings")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    told_on = models.DateField()
    told_by = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["case", "agency"], name="briefing_once_per_agency")]

    def __str__(self) -> str:
        return f"Practitioners told ({self.agency_id})"


class PublicationPlan(models.Model):
    """The publication and media plan (§10.2–10.4, rules 65–66); the planned date is the case's
    ``publication_date`` milestone."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="publication_plan")
    family_wishes = models.TextField()
    media_contact = models.CharField(max_length=200)
    strategic_leads = models.TextField()
    communications_leads = models.TextField()
    media_interest = models.BooleanField(default=False)
    panel_contacted_on = models.DateField(null=True, blank=True)
    panel_contact_note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return "Publication plan"


class FinalReport(models.Model):
    """The publishable final report uploaded here (used while no report draft supplies it)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="final_reports")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    # In the document store (CSPR_STORAGE), like every file the product keeps.
    file = models.FileField(upload_to="publication/", max_length=300, blank=True)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "-uploaded_at", "-id"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._pending: bytes | None = None
        super().__init__(*args, **kwargs)

    def __str__(self) -> str:
        return self.filename

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._pending is not None:
            extension = self.filename.rsplit(".", 1)[-1] if "." in self.filename else "bin"
            self.file.save(
                f"{self.case_id}/{self.sha256 or 'unhashed'}.{extension}", ContentFile(self._pending), save=False
            )
            self._pending = None
        super().save(*args, **kwargs)

    @property
    def content(self) -> bytes:
        """The report's bytes, from the document store."""
        if self._pending is not None:
            return self._pending
        with self.file.open("rb") as handle:
            data: bytes = handle.read()
        return data

    @content.setter
    def content(self, data: bytes) -> None:
        # Written to the store when the row is saved (``FinalReport.objects.create(content=...)``).
        self._pending = bytes(data)


class Copies(models.Model):
    """The pre-publication copies to the Panel, Ofsted and the Secretary of State (rule 68, C11)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="prepublication_copies")
    sent_on = models.DateField()
    due_by = models.DateField()  # the planned date less the working days, as it was when sent
    planned_publication = models.DateField()
    recipients = models.JSONField(default=list)
    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    late_reason = models.TextField(blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "pre-publication copies"

    def __str__(self) -> str:
        return "Pre-publication copies"

    @property
    def late(self) -> bool:
        return self.sent_on > self.due_by


class Publication(models.Model):
    """The report as published (rules 69–70): where, until when, the NSPCC submission, archiving."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="publication")
    url = models.URLField(max_length=500)
    reviewer_names = models.CharField(max_length=300)
    published_on = models.DateField()
    available_until = models.DateField()
    late_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    availability_reminder_sent_on = models.DateField(null=True, blank=True)
    nspcc_submitted_on = models.DateField(null=True, blank=True)
    nspcc_submitted_by = models.CharField(max_length=200, blank=True)
    archived_on = models.DateField(null=True, blank=True)
    archive_note = models.TextField(blank=True)

    def __str__(self) -> str:
        return "Publication"


class NotPublishingReason(models.TextChoices):
    CHILD_WELFARE = "child_welfare", "Publication would harm the welfare of a surviving child"
    PROCEEDINGS = "proceedings", "Criminal or other proceedings would be prejudiced"
    FAMILY_SAFETY = "family_safety", "A risk to the safety of a family member"
    DETERMINED_INVESTIGATOR = "determined_investigator", "A determined investigator could identify the family"
    OTHER = "other", "Another reason (explained below)"


class NonPublication(models.Model):
    """The partners' decision not to publish (§10.1.3): their reasons, and the information about
    improvements published instead."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="non_publication")
    reasons = models.JSONField(default=list)
    explanation = models.TextField()
    decided_on = models.DateField()
    decided_by = models.TextField()
    improvements_summary = models.TextField()
    improvements_url = models.URLField(max_length=500)
    improvements_published_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return "Decision not to publish"
