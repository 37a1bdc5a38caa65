"""Named, audited actions on a partnership's configuration."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F

from cspr.audit import log as audit
from cspr.organisations.models import Partnership

if TYPE_CHECKING:
    from cspr.accounts.models import User


class StaleEdit(Exception):
    """Someone else saved the record since this edit started."""

    def __init__(self, changed: dict[str, tuple[Any, Any]]) -> None:
        super().__init__("The record was changed by someone else.")
        self.changed = changed


def update_settings(
    partnership: Partnership,
    *,
    changes: dict[str, Any],
    expected_version: int,
    logo: UploadedFile[bytes] | None,
    acting_user: User,
) -> Partnership:
    """Apply the settings form's changes, refusing if another save happened since the form was opened."""
    with transaction.atomic():
        current = Partnership.objects.select_for_update().get(pk=partnership.pk)
        if current.version != expected_version:
            changed = {
                name: (getattr(partnership, name), getattr(current, name))
                for name in changes
                if getattr(partnership, name) != getattr(current, name)
            }
            raise StaleEdit(changed)
        before = {name: _plain(getattr(current, name)) for name in changes}
        for name, value in changes.items():
            setattr(current, name, value)
        after = {name: _plain(value) for name, value in changes.items()}
        replaced = current.logo.name if current.logo else ""
        if logo is not None:
            # The form gives the PNG re-encoded from the decoded image (cspr.filesafety.image).
            content = logo.read()
            digest = hashlib.sha256(content).hexdigest()
            current.logo.save(f"partnership-{current.pk}-{digest[:12]}.png", ContentFile(content), save=False)
            after["logo_sha256"] = digest
        written = current.logo.name if logo is not None else ""
        try:
            current.version = F("version") + 1
            current.save()
            current.refresh_from_db()
            audit.record(
                actor=acting_user,
                action="partnership.settings_changed",
                obj=current,
                partnership_id=current.pk,
                before={k: v for k, v in before.items() if before[k] != after.get(k)},
                after={k: v for k, v in after.items() if before.get(k) != v},
            )
        except BaseException:
            if written and written != replaced:
                current.logo.storage.delete(written)  # the row was not saved: leave no orphan file
            raise
        if written and replaced and replaced != written:
            storage, old = current.logo.storage, replaced
            transaction.on_commit(lambda: storage.delete(old))
    return current


def _plain(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)
