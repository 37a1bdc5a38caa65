"""What the LCSPR's request kinds share (Documents 10–15a; toolkit §8.5–§8.6, rules 53–57):
the deadline set case by case, the author's independence and the senior officer's sign-off, the
case summary sent with the request, and the KLOEs and significant events asked about.

``review_kloes`` is the one place the portal reads the review's key lines of enquiry: those of the
agreed terms of reference (``cspr.lcspr.terms.review_kloes``), the Rapid Review's until then.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cspr.cases.models import Case
from cspr.portal.clock import add_working_days
from cspr.portal.kinds.questions import CONFIRM, DATE, SHORT, Q
from cspr.portal.models import InformationRequest
from cspr.ui.formatting import format_date

# Used only when a request is sent without a deadline (the send page always asks for one, rule 53).
DEFAULT_WORKING_DAYS = 20


def default_due(case: Case, sent_on: dt.date) -> dt.date:
    return add_working_days(case.lead_partnership_id, sent_on, DEFAULT_WORKING_DAYS)


def review_kloes(case: Case) -> list[str]:
    """The review's key lines of enquiry: the agreed terms of reference's, else the Rapid Review's."""
    from cspr.lcspr.terms import review_kloes as agreed_kloes

    return agreed_kloes(case)


def significant_events(case: Case) -> list[dict[str, str]]:
    """Key practice learning events flagged in the integrated chronology, oldest first."""
    from cspr.chronology.queries import Filters, entries

    return [
        {"id": str(e.pk), "date": e.date_text, "event": e.key_event, "agency": e.agency.name}
        for e in entries(case, Filters(key_events_only=True))
    ]


def case_background(case: Case) -> dict[str, str]:
    """The case summary and time period the send page starts from (the Rapid Review record's)."""
    from cspr.rapidreview.models import RapidReviewRecord

    record = RapidReviewRecord.objects.filter(case=case).first()
    if record is None:
        return {"case_summary": "", "time_period": ""}
    return {"case_summary": record.case_summary, "time_period": record.time_period}


def author_questions(noun: str) -> tuple[Q, ...]:
    """Who completed the return, and their independence from the case (rule 53)."""
    return (
        Q("author_name", "Name of the individual completing this form", type=SHORT, required=True),
        Q("author_role", "Agency and designation or title", type=SHORT, required=True),
        Q("author_contact", "Contact details – address, telephone number and email address", required=True),
        Q("date_completed", "Date form completed", type=DATE, required=True),
        Q(
            "author_independent",
            f"The individual completing this {noun} has had no previous operational involvement in the management "
            "of this case",
            type=CONFIRM,
            required=True,
        ),
    )


def sign_off_questions(noun: str, *, executive: bool = False) -> tuple[Q, ...]:
    """The senior officer's quality assurance and sign-off (rule 53; executive level for Document 13)."""
    who = "executive" if executive else "senior officer"
    return (
        Q("signed_off_name", f"Name of the {who} signing off this {noun}", type=SHORT, required=True),
        Q("signed_off_role", "Agency and designation or title", type=SHORT, required=True),
        Q("signed_off_contact", "Contact details – address, telephone number and email address"),
        Q("signed_off_on", f"Date the {noun} was signed off", type=DATE, required=True),
    )


def letter(request: InformationRequest, *, title: str, opening: list[str], asks: list[str]) -> dict[str, Any]:
    """The letter's words on the request page, in the shape ``portal/_letter.html`` reads."""
    partnership = request.case.lead_partnership
    contact = ", ".join(x for x in (partnership.contact_email, partnership.contact_phone) if x)
    return {
        "date": format_date(request.sent_at),
        "title": title,
        "opening": opening,
        "asks": asks,
        "no_involvement": "If your agency has had no involvement with the child or family, confirm this in writing on this request.",
        "deadline": f"Please submit your agency’s completed return no later than {format_date(request.due_date)}.",
        "contact": f"If you require any further information please contact {partnership.name}"
        + (f" ({contact})." if contact else "."),
        "signature": [partnership.signature_name, partnership.signature_role, partnership.name],
    }


def build_catalogue_letter(request: InformationRequest, document_id: str) -> bytes:
    """The toolkit's letter through the documents engine, addressed to the agency."""
    from cspr.documents import portal as documents_portal

    generated = documents_portal.render_for_request(
        case=request.case, agency=request.agency, document_id=document_id, acting_user=None
    )
    return bytes(generated.content)
