"""Report drafts (versions with who and when), what the checks found, accepted findings, the
pseudonym glossary, publishable versions with their reversible mapping, and the quality markers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from cspr.cases.models import Case


class Draft(models.Model):
    """One uploaded draft of the LCSPR report: checked by content (``cspr.filesafety``) and stored under
    a name derived from its SHA-256, as the portal stores agency uploads. The checks run once, on upload."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="report_drafts")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to="report/", max_length=300)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    findings = models.JSONField(default=list, blank=True)  # anonymisation: matcher.Finding.as_json()
    structure = models.JSONField(default=list, blank=True)  # structure.Check as dicts
    exec_summary_pages = models.PositiveSmallIntegerField(null=True, blank=True)  # measured on the rendering

    class Meta:
        ordering = ["case", "-number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="report_draft_number_once")]

    def __str__(self) -> str:
        return f"Draft {self.number}"


class AcceptReason(models.TextChoices):
    PUBLIC_FIGURE = "public_figure", "A public figure"
    PLACE_NAME = "place_name", "A place name"
    PROFESSIONAL = "professional", "A professional's role or organisation, not the family"
    NOT_IDENTIFYING = "not_identifying", "Not identifying (explain)"


class Acceptance(models.Model):
    """A finding kept on purpose, with who and why. It holds for the same text of the same kind in every
    later draft of the case; it is listed with the findings, never dropped from them."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="report_acceptances")
    key = models.CharField(max_length=400)  # matcher.Finding.key
    kind = models.CharField(max_length=40)
    text = models.CharField(max_length=300)
    reason = models.CharField(max_length=20, choices=AcceptReason.choices)
    detail = models.TextField(blank=True)
    draft = models.ForeignKey(Draft, null=True, on_delete=models.SET_NULL, related_name="+")
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    accepted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["accepted_at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="report_acceptance_once")]


class GlossaryEntry(models.Model):
    """A replacement of the case's pseudonym glossary (the child's pseudonym, family members by their
    relationship, placeholders for addresses, dates of birth…). Rows not saved yet use the defaults
    ``cspr.report.glossary.defaults`` prefills from the record."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="report_glossary")
    key = models.CharField(max_length=120)  # matcher.Identifier.owner or "kind:<finding kind>"
    replacement = models.CharField(max_length=200)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "key"]
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="report_glossary_key_once")]


class Publishable(models.Model):
    """The publishable version of a draft: every finding not accepted replaced by the glossary. The
    mapping (each changed text node, before and after) gives the internal version back from it."""

    draft = models.OneToOneField(Draft, on_delete=models.CASCADE, related_name="publishable")
    file = models.FileField(upload_to="report/", max_length=300)
    sha256 = models.CharField(max_length=64)
    mapping = models.JSONField(default=list)
    replacements = models.PositiveIntegerField(default=0)
    remaining = models.PositiveIntegerField(default=0)  # anonymisation findings left on a re-scan (accepted ones)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)


class MarkerAnswer(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class QualityMarker(models.Model):
    """The review team's answer to one of the seven quality markers (Document 19, section 4) for a draft."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="quality_markers")
    question = models.PositiveSmallIntegerField()  # 1..7, ``cspr.report.structure.QUALITY_MARKERS``
    answer = models.CharField(max_length=10, choices=MarkerAnswer.choices)
    notes = models.TextField(blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["draft", "question"]
        constraints = [models.UniqueConstraint(fields=["draft", "question"], name="report_marker_once")]
