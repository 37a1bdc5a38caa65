"""The submission pack (Document 4 and the Document 5 covering letter) as bytes to attach.

Each document is generated through ``cspr.documents.actions.generate_document`` (Word, a stored and
audited version with its SHA-256). ``unfilled`` lists the placeholders a pack would still carry, so
submission can refuse it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cspr.cases.models import Case
from cspr.documents import engine
from cspr.documents.actions import generate_document

if TYPE_CHECKING:
    from cspr.accounts.models import User

DOCUMENTS = [("RAPID_REVIEW_TEMPLATE", "Document 4"), ("RAPID_REVIEW_SUBMISSION_LETTER", "Document 5")]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Attachment:
    name: str
    content_type: str
    content: bytes
    generated_document_id: int | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "content_type": self.content_type,
            "size": len(self.content),
            "sha256": self.sha256,
            "generated_document_id": self.generated_document_id,
        }


def build(case: Case, *, acting_user: User | None = None) -> list[Attachment]:
    out = []
    for document_id, _label in DOCUMENTS:
        generated = generate_document(case=case, document_id=document_id, fmt="docx", acting_user=acting_user)
        out.append(Attachment(generated.filename, DOCX, bytes(generated.content), generated.pk))
    return out


def unfilled(case: Case) -> dict[str, list[str]]:
    """The pack's documents that would still carry an ``[insert …]`` placeholder, with those placeholders."""
    return engine.placeholders([document_id for document_id, _label in DOCUMENTS], case)


def preview(case: Case) -> list[dict[str, Any]]:
    """Each document of the pack as text with the placeholders it still carries (the submission page)."""
    return engine.preview([document_id for document_id, _label in DOCUMENTS], case)
