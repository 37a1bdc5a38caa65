"""Every generated file is kept: who generated it, when, from which record version, its SHA-256."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cspr.cases.models import Case
from cspr.organisations.models import Agency


class Format(models.TextChoices):
    DOCX = "docx", "Word"
    PDF = "pdf", "PDF"
    ZIP = "zip", "Zip of Word files"


class GeneratedDocument(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="generated_documents")
    # A catalogue identifier (RAPID_REVIEW_TEMPLATE) or a pack (PACK:rapid_review).
    document_id = models.CharField(max_length=60)
    format = models.CharField(max_length=4, choices=Format.choices)
    number = models.PositiveIntegerField(help_text="Version number of this document and format in this case.")
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    filename = models.CharField(max_length=200)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    generated_at = models.DateTimeField()
    case_version = models.PositiveIntegerField(help_text="Case.version the document was generated from.")
    # Set when the version was addressed to one agency (portal requests).
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["case", "document_id", "format", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "document_id", "format", "number"], name="generated_version_once"),
        ]
        indexes = [models.Index(fields=["case", "document_id", "format"])]

    def __str__(self) -> str:
        return f"{self.filename} (version {self.number})"
