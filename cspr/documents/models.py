"""Every generated file is kept: who generated it, when, from which record version, its SHA-256."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
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
    # The bytes live in the document store (Django's default storage: a volume or S3-compatible object
    # storage, decision 0032) under a name made of the case and the SHA-256. Versions stored before
    # that kept their bytes in the database column, read as before.
    file = models.FileField(upload_to="documents/", max_length=300, blank=True)
    stored_bytes = models.BinaryField(db_column="content", blank=True, default=b"")
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._pending: bytes | None = None
        super().__init__(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.filename} (version {self.number})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._pending is not None:
            extension = self.filename.rsplit(".", 1)[-1] if "." in self.filename else self.format
            digest = self.sha256 or "unhashed"
            self.file.save(f"{self.case_id}/{digest}.{extension}", ContentFile(self._pending), save=False)
            self.stored_bytes = b""
            self._pending = None
        super().save(*args, **kwargs)

    @property
    def content(self) -> bytes:
        """The file's bytes, from the document store (or the database, for older versions)."""
        if self._pending is not None:
            return self._pending
        if self.file:
            with self.file.open("rb") as handle:
                data: bytes = handle.read()
            return data
        return bytes(self.stored_bytes)

    @content.setter
    def content(self, data: bytes) -> None:
        # Written to the store when the row is saved (``GeneratedDocument.objects.create(content=...)``).
        self._pending = bytes(data)
