"""A small public entry point for other apps' tests and tools: render a document (spec or identifier) as DOCX."""

from __future__ import annotations

from cspr.cases.models import Case
from cspr.documents import engine
from cspr.documents.catalogue import DocumentSpec


def render(document: DocumentSpec | str, case: Case, fmt: str = "docx") -> bytes:
    return engine.render(document.id if isinstance(document, DocumentSpec) else document, case, fmt)
