"""Every stored file goes through Django's default storage (CSPR_STORAGE): no model field picks a
storage of its own, and the only bytes kept in the database are the known ones."""

from __future__ import annotations

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models

# Bytes the database may hold, and why.
KNOWN_BINARY = {
    # Versions stored before the document store; new versions are files (decision 0032).
    "documents.GeneratedDocument.stored_bytes",
    # An email's own small attachments, kept until sent (a document version's are read from the version).
    "outbox.Attachment.content",
    # An upload waiting for the task worker: a queue entry, emptied when the worker has read it (cspr.uploadjobs).
    "uploadjobs.UploadJob.data",
}


def _fields() -> list[tuple[str, models.Field[object, object]]]:
    return [
        (f"{model._meta.label}.{field.name}", field)
        for model in apps.get_models()
        if model._meta.app_label not in {"mfa", "socialaccount", "account", "django_tasks_db"}
        for field in model._meta.concrete_fields
    ]


def test_every_file_field_uses_the_default_storage() -> None:
    files = {name: field for name, field in _fields() if isinstance(field, models.FileField)}
    assert {"organisations.Partnership.logo", "portal.Upload.file", "documents.GeneratedDocument.file"} <= set(files)
    own = [name for name, field in files.items() if field.storage is not default_storage]
    assert own == [], f"fields with a storage of their own (use STORAGES['default']): {own}"


def test_no_new_bytes_in_the_database() -> None:
    binary = {name for name, field in _fields() if isinstance(field, models.BinaryField)}
    assert binary == KNOWN_BINARY
