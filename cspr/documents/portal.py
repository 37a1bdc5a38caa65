"""The hook the agency portal calls: documents addressed to one agency, and nothing else.

Agency users never reach the case document pages (they are for case readers). The portal, which
decides what a request lets an agency see, calls ``render_for_request`` to produce the document
addressed to that agency (its lead's name in the salutation, its name on the form) and stores it as
a version tied to the agency, so it never appears on the partnership's own document list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from cspr.cases.models import Case
from cspr.documents import actions, catalogue
from cspr.documents.catalogue import Audience
from cspr.documents.models import GeneratedDocument

if TYPE_CHECKING:
    from cspr.accounts.models import User
    from cspr.organisations.models import Agency

AGENCY_DOCUMENTS = frozenset(spec.id for spec in catalogue.DOCUMENTS if spec.audience is Audience.AGENCY)


def render_for_request(
    *, case: Case, agency: Agency, document_id: str, fmt: str = "docx", acting_user: User | None
) -> GeneratedDocument:
    """Generate and store ``document_id`` addressed to ``agency``; only agency documents are allowed."""
    spec = catalogue.get(document_id)
    if spec.id not in AGENCY_DOCUMENTS:
        raise PermissionDenied("This document is not addressed to agencies.")
    if (
        agency.partnership_id != case.lead_partnership_id
        and not case.collaborators.filter(partnership_id=agency.partnership_id).exists()
    ):
        raise PermissionDenied("This agency is not part of the case's partnerships.")
    return actions.generate_document(case=case, document_id=spec.id, fmt=fmt, acting_user=acting_user, agency=agency)


def versions_for_agency(case: Case, agency: Agency) -> list[GeneratedDocument]:
    """The stored versions addressed to this agency (for the portal's download list)."""
    return list(
        GeneratedDocument.objects.filter(case=case, agency=agency).defer("stored_bytes").order_by("-generated_at")
    )
