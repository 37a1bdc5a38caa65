"""The document engine's pages (cspr.documents)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils import timezone

from cspr.documents.models import GeneratedDocument
from tests.matrix import Audience, Spec, case_ref
from tests.world import World


def _generate(world: World, scope: str) -> dict[str, Any]:
    return {"reference": world.cases[scope].reference, "document_id": "SCOPING_LETTER", "fmt": "docx"}


def _pack(world: World, scope: str) -> dict[str, Any]:
    return {"reference": world.cases[scope].reference, "stage": "family"}


def _stored(world: World, scope: str) -> dict[str, Any]:
    case = world.cases[scope]
    data = b"PK stored test file"
    version, _ = GeneratedDocument.objects.get_or_create(
        case=case,
        document_id="ACTION_PLAN",
        format="docx",
        number=1,
        defaults={
            "stored_bytes": data,
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "filename": f"{case.reference}_20_ACTION_PLAN.docx",
            "generated_at": timezone.now(),
            "case_version": case.version,
        },
    )
    return {"reference": case.reference, "pk": version.pk}


SPECS = {
    "documents:case": Spec(Audience.CASE_READ, case_ref),
    "documents:generate": Spec(Audience.CASE_WRITE, _generate, post_only=True, note="POST stores a version"),
    "documents:pack": Spec(Audience.CASE_WRITE, _pack, post_only=True, note="POST stores a zip version"),
    "documents:download": Spec(Audience.CASE_READ, _stored),
}
