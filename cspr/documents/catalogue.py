"""Every document of the West Midlands toolkit, with a stable identifier (rules.md C13).

Both numberings are kept (rules.md section 3): ``section_number`` is the number the toolkit's
section text uses, ``appendix_number`` the number in its list of supporting documents (§12), which
the documents' own footers follow. ``None`` means the toolkit's text never mentions it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from cspr.documents.record_fields import FIELDS


class DocStage(enum.StrEnum):
    """The toolkit's own grouping of its supporting documents (§12)."""

    RAPID_REVIEW = "rapid_review"
    TERMS_OF_REFERENCE = "terms_of_reference"
    FAMILY = "family"
    METHODOLOGY = "methodology"
    REPORT = "report"
    EMBEDDING = "embedding"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]

    @property
    def pack_name(self) -> str:
        return STAGE_PACKS[self]


STAGE_LABELS = {
    DocStage.RAPID_REVIEW: "Deciding whether to commission a Child Safeguarding Practice Review",
    DocStage.TERMS_OF_REFERENCE: "Agreeing the scope and terms of reference",
    DocStage.FAMILY: "Engaging children and family members",
    DocStage.METHODOLOGY: "Methodology",
    DocStage.REPORT: "The report",
    DocStage.EMBEDDING: "Embedding learning",
}
STAGE_PACKS = {
    DocStage.RAPID_REVIEW: "Rapid Review pack",
    DocStage.TERMS_OF_REFERENCE: "terms of reference pack",
    DocStage.FAMILY: "family engagement pack",
    DocStage.METHODOLOGY: "methodology pack",
    DocStage.REPORT: "report pack",
    DocStage.EMBEDDING: "embedding learning pack",
}


class Audience(enum.StrEnum):
    """Who a document is written for; agencies see only documents addressed to them (portal)."""

    PARTNERSHIP = "partnership"  # kept within the partnership and the review
    AGENCY = "agency"  # sent to agencies (through the portal)
    PANEL = "panel"  # sent to the National Panel
    FAMILY = "family"  # given to family members
    PUBLIC = "public"  # general information, fit to publish


@dataclass(frozen=True)
class DocumentSpec:
    id: str
    title: str
    section_number: str | None
    appendix_number: str
    stage: DocStage
    audience: Audience
    # Meant for publication or sharing outside the review: never carries the genogram.
    publishable: bool
    # The toolkit's text about the document (§ reference), for the catalogue page.
    reference: str = ""
    # The context providers whose keys the document reads (``cspr.documents.context``); only these run.
    contexts: tuple[str, ...] = ()
    # The record fields it prints (``record_fields.FIELDS``), checked by the catalogue-wide test.
    fields: tuple[str, ...] = ()
    # False: a document the product adds (no number in the toolkit: its pages and footer say so).
    toolkit: bool = True

    @property
    def numbers(self) -> str:
        if not self.toolkit:
            return "Not a toolkit document (no toolkit number)"
        if self.appendix_number.startswith("Appendix"):
            return self.appendix_number
        section = self.section_number or "—"
        if section == self.appendix_number:
            return f"Document {self.appendix_number}"
        return f"Document {self.appendix_number} (section text: {section})"

    @property
    def footer(self) -> str:
        if not self.toolkit:
            return self.title
        label = (
            self.appendix_number if self.appendix_number.startswith("Appendix") else f"Document {self.appendix_number}"
        )
        return f"{label}: {self.title}"

    @property
    def content_name(self) -> str:
        return self.id.lower()


def _d(
    id: str,
    title: str,
    section: str | None,
    appendix: str,
    stage: DocStage,
    audience: Audience,
    *,
    publishable: bool,
    reference: str = "",
) -> DocumentSpec:
    return DocumentSpec(id, title, section, appendix, stage, audience, publishable, reference, CONTEXTS[id], FIELDS[id])


# The context providers each document reads (``cspr/documents/providers.py``, ``cspr/rapidreview/context.py``,
# ``cspr/lcspr/context.py``, ``cspr/chronology/integration.py``, ``cspr/workshops/integration.py``). Only these
# run when the document is rendered;
# ``tests/documents/test_catalogue_context.py`` proves each list is exactly what the template reads.
CONTEXTS: dict[str, tuple[str, ...]] = {
    "NOTIFICATION_DECISION": (),
    "REFERRAL_FORM": ("partnership", "child", "family", "agencies", "referral"),
    "SCOPING_TEMPLATE": ("partnership", "case", "child", "family", "deadlines", "rapid_review", "addressee"),
    "SCOPING_LETTER": ("partnership", "letter", "case", "deadlines", "addressee"),
    "RAPID_REVIEW_AGENDA": ("partnership", "child", "meeting"),
    "RAPID_REVIEW_TEMPLATE": ("partnership", "case", "child", "family", "meeting", "rapid_review", "genogram"),
    "RAPID_REVIEW_SUBMISSION_LETTER": ("partnership", "letter", "case", "rapid_review"),
    "CARE_LEAVER_FACTSHEET": (),
    "CONFIDENTIALITY_AGREEMENT": ("partnership", "case", "meeting"),
    "TERMS_OF_REFERENCE": ("partnership", "case", "child", "family", "review", "genogram"),
    "FAMILY_LETTER": ("partnership", "letter", "child", "review", "addressee", "coordinator"),
    "FAMILY_LEAFLET": ("partnership", "review"),
    "CHRONOLOGY_TEMPLATES": (
        "partnership",
        "case",
        "child",
        "family",
        "rapid_review",
        "review",
        "chronology",
        "addressee",
    ),
    "CHRONOLOGY_REQUEST_LETTER": ("partnership", "letter", "case", "child", "agency_requests", "addressee"),
    "CHRONOLOGY_GUIDANCE": ("partnership",),
    "LEARNING_TEMPLATE": ("partnership", "case", "child", "rapid_review", "agency_requests", "addressee"),
    "INFORMATION_REPORT": ("partnership", "case", "child", "review", "addressee"),
    "INFORMATION_REPORT_REQUEST_LETTER": (
        "partnership",
        "letter",
        "case",
        "child",
        "family",
        "agency_requests",
        "rapid_review",
        "review",
        "addressee",
    ),
    "INFORMATION_REPORT_GUIDANCE": ("partnership",),
    "WORKSHOP_INVITATION": ("partnership", "letter", "child", "addressee", "workshop"),
    "WORKSHOP_BRIEFING": ("partnership",),
    "WORKSHOP_AGENDA": ("partnership", "workshop"),
    "WORKSHOP_WORKSHEETS": ("partnership", "child"),
    "REPORT_GUIDANCE": (),
    "ACTION_PLAN": ("partnership", "case", "actionplan"),
    "SEVEN_MINUTE_BRIEFING": ("partnership", "case", "seven_minute_briefing"),
}

R, T, F, M, P, E = (
    DocStage.RAPID_REVIEW,
    DocStage.TERMS_OF_REFERENCE,
    DocStage.FAMILY,
    DocStage.METHODOLOGY,
    DocStage.REPORT,
    DocStage.EMBEDDING,
)
A = Audience

DOCUMENTS: tuple[DocumentSpec, ...] = (
    _d(
        "NOTIFICATION_DECISION",
        "Deciding whether to Notify",
        "1",
        "1",
        R,
        A.PARTNERSHIP,
        publishable=True,
        reference="§4.1.3",
    ),
    _d("REFERRAL_FORM", "Referral Form", "1a", "1a", R, A.AGENCY, publishable=False, reference="§4.1.5"),
    _d(
        "SCOPING_TEMPLATE",
        "Initial Scoping and Information Sharing Template",
        "2",
        "2",
        R,
        A.AGENCY,
        publishable=False,
        reference="§4.3.1",
    ),
    _d(
        "SCOPING_LETTER",
        "Template Letter – Request for Initial Scoping Information",
        "2a",
        "2a",
        R,
        A.AGENCY,
        publishable=False,
        reference="§4.3.1",
    ),
    _d(
        "RAPID_REVIEW_AGENDA",
        "Sample Agenda for a Rapid Review Meeting",
        "3",
        "3",
        R,
        A.PARTNERSHIP,
        publishable=False,
        reference="§4.6.3",
    ),
    _d("RAPID_REVIEW_TEMPLATE", "Rapid Review Template", "4", "4", R, A.PANEL, publishable=False, reference="§4.6.7"),
    _d(
        "RAPID_REVIEW_SUBMISSION_LETTER",
        "Template Letter – Submitting the Rapid Review Template to the National Panel",
        "5",
        "5",
        R,
        A.PANEL,
        publishable=False,
        reference="§4.7.1",
    ),
    _d(
        "CARE_LEAVER_FACTSHEET",
        "Fact Sheet – Death of Care Leaver",
        None,
        "6",
        R,
        A.PUBLIC,
        publishable=True,
        reference="§12",
    ),
    _d(
        "CONFIDENTIALITY_AGREEMENT",
        "Sample Confidentiality Agreement",
        None,
        "Appendix 2",
        R,
        A.PARTNERSHIP,
        publishable=False,
        reference="§12",
    ),
    _d(
        "TERMS_OF_REFERENCE",
        "Terms of Reference Template",
        "6",
        "7",
        T,
        A.PARTNERSHIP,
        publishable=False,
        reference="§5.1.1",
    ),
    _d(
        "FAMILY_LETTER",
        "Template Letter – Informing Family Members of a Review",
        "7",
        "8",
        F,
        A.FAMILY,
        publishable=False,
        reference="§7.3.2",
    ),
    _d(
        "FAMILY_LEAFLET",
        "Sample Leaflet – Local Child Safeguarding Practice Reviews",
        "8",
        "9",
        F,
        A.FAMILY,
        publishable=True,
        reference="§7.3.2",
    ),
    _d(
        "CHRONOLOGY_TEMPLATES",
        "Sample Chronology Templates",
        "9",
        "10",
        M,
        A.AGENCY,
        publishable=False,
        reference="§8.5.2",
    ),
    _d(
        "CHRONOLOGY_REQUEST_LETTER",
        "Template Letter – Request to complete a Chronology",
        "10",
        "11",
        M,
        A.AGENCY,
        publishable=False,
        reference="§8.5.2",
    ),
    _d(
        "CHRONOLOGY_GUIDANCE",
        "Guidance on Completing the Chronologies",
        "11",
        "12",
        M,
        A.AGENCY,
        publishable=True,
        reference="§8.5.2",
    ),
    _d("LEARNING_TEMPLATE", "Learning Template", "12", "13", M, A.AGENCY, publishable=False, reference="§8.6.2"),
    _d(
        "INFORMATION_REPORT",
        "Information Report Template",
        "13",
        "14",
        M,
        A.AGENCY,
        publishable=False,
        reference="§8.6.2",
    ),
    _d(
        "INFORMATION_REPORT_REQUEST_LETTER",
        "Template Letter – Request to complete an Information Report",
        "14",
        "15",
        M,
        A.AGENCY,
        publishable=False,
        reference="§8.6.2",
    ),
    _d(
        "INFORMATION_REPORT_GUIDANCE",
        "Guidance on Completing an Information Report",
        "14a",
        "15a",
        M,
        A.AGENCY,
        publishable=True,
        reference="§8.6.2",
    ),
    _d(
        "WORKSHOP_INVITATION",
        "Template Letter – Invitation to Reflective Learning Workshop",
        "15",
        "16",
        M,
        A.AGENCY,
        publishable=False,
        reference="§8.10.3",
    ),
    _d(
        "WORKSHOP_BRIEFING",
        "Briefing Note on the role and purpose of Reflective Learning Workshops",
        "16",
        "17",
        M,
        A.AGENCY,
        publishable=True,
        reference="§8.10.3",
    ),
    _d(
        "WORKSHOP_AGENDA",
        "Sample Agenda for a Reflective Learning Workshop",
        "17",
        "18",
        M,
        A.AGENCY,
        publishable=False,
        reference="§8.11.1",
    ),
    _d(
        "WORKSHOP_WORKSHEETS",
        "Example Worksheets for a Reflective Learning Workshop",
        "17a",
        "18a",
        M,
        A.AGENCY,
        publishable=False,
        reference="§8.11.2",
    ),
    _d(
        "REPORT_GUIDANCE",
        "Guidance on Drafting the Report",
        "18",
        "19",
        P,
        A.PARTNERSHIP,
        publishable=True,
        reference="§9.1.1",
    ),
    _d(
        "ACTION_PLAN",
        "Sample Action Plan Template",
        "19",
        "20",
        E,
        A.PARTNERSHIP,
        publishable=True,
        reference="§11.4.1",
    ),
    # Not a toolkit document: the product's 7-minute briefing from a review's learning points
    # (§11.3.2 "briefing notes on the lessons learned for use in agency team meetings").
    DocumentSpec(
        "SEVEN_MINUTE_BRIEFING",
        "7-minute briefing",
        None,
        "",
        E,
        A.AGENCY,
        True,
        "§11.3.2",
        CONTEXTS["SEVEN_MINUTE_BRIEFING"],
        FIELDS["SEVEN_MINUTE_BRIEFING"],
        toolkit=False,
    ),
)

BY_ID: dict[str, DocumentSpec] = {spec.id: spec for spec in DOCUMENTS}


def get(document_id: str) -> DocumentSpec:
    """The spec for an identifier; ``KeyError`` for an unknown one."""
    return BY_ID[document_id.upper()]


def for_stage(stage: DocStage) -> list[DocumentSpec]:
    return [spec for spec in DOCUMENTS if spec.stage is stage]


def publishable() -> list[DocumentSpec]:
    """Documents meant for publication or sharing outside the review (never carry the genogram)."""
    return [spec for spec in DOCUMENTS if spec.publishable]
