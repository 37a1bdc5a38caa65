"""Disclosure requests (rule 56; Documents 11/12 and 15/15a, "Disclosure").

When the police or a court asks the partnership for an agency's chronology or information report,
the partnership does not hand over copies: it passes the agency's contact details to the officer
asking, so that they contact the agency directly. ``answer_disclosure_request`` therefore produces
the agency's contact details and nothing else: it never reads a return, an upload or a document.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from cspr.accounts.models import User
from cspr.cases.models import Case
from cspr.cases.transitions import case_action
from cspr.organisations.models import Agency
from cspr.outbox import api as outbox
from cspr.outbox.kinds import MailKind
from cspr.portal.models import DisclosureRequest, DisclosureRequester


def agency_contact_details(agency: Agency) -> str:
    """What is passed on: the agency and how to reach its safeguarding lead."""
    lines = [
        agency.name,
        agency.safeguarding_lead_name,
        agency.safeguarding_lead_email,
        agency.safeguarding_lead_phone,
        agency.address,
    ]
    return "\n".join(line.strip() for line in lines if line and line.strip())


def record_disclosure_request(
    case: Case,
    *,
    agency: Agency,
    requested_by: str,
    requester_name: str,
    requester_email: str,
    requested_on: dt.date,
    documents_sought: str,
    acting_user: User,
) -> DisclosureRequest:
    from cspr.portal.actions import askable_agencies

    problems: dict[str, str] = {}
    if requested_by not in DisclosureRequester.values:
        problems["requested_by"] = "Select whether the police or a court asked"
    if not requester_name.strip():
        problems["requester_name"] = "Enter the name of the officer asking"
    try:
        validate_email(requester_email)
    except ValidationError:
        problems["requester_email"] = "Enter the officer’s email address, like name@example.org"
    if requested_on > timezone.localdate():
        problems["requested_on"] = "The date of the request must be today or in the past"
    if not documents_sought.strip():
        problems["documents_sought"] = "Enter what was asked for"
    if not askable_agencies(case).filter(pk=agency.pk).exists():
        problems["agency"] = "Select an agency of the lead or a collaborating partnership"
    if problems:
        raise ValidationError(problems)
    with case_action(case, "portal.record_disclosure_request", acting_user=acting_user) as ctx:
        found = DisclosureRequest.objects.create(
            case=ctx.case,
            agency=agency,
            requested_by=requested_by,
            requester_name=requester_name.strip()[:200],
            requester_email=requester_email.strip(),
            requested_on=requested_on,
            documents_sought=documents_sought.strip(),
            recorded_by=acting_user,
        )
        ctx.audit(
            obj=found,
            after={"agency": agency.pk, "requested_by": requested_by, "requested_on": requested_on.isoformat()},
        )
    return found


def answer_disclosure_request(disclosure: DisclosureRequest, *, acting_user: User) -> DisclosureRequest:
    """Pass the agency's contact details to the officer asking (email through the outbox), and
    record that and when. Nothing of the agency's return goes with them."""
    with case_action(disclosure.case_id, "portal.answer_disclosure_request", acting_user=acting_user) as ctx:
        found = DisclosureRequest.objects.select_for_update().select_related("agency").get(pk=disclosure.pk)
        if found.answered_on is not None:
            raise ValidationError("This disclosure request has already been answered")
        found.contact_details = agency_contact_details(found.agency)
        found.answered_on = timezone.localdate()
        found.answered_by = acting_user
        found.save(update_fields=["contact_details", "answered_on", "answered_by"])
        partnership = ctx.case.lead_partnership
        outbox.enqueue(
            kind=MailKind.DISCLOSURE_ANSWER,
            case=ctx.case,
            key=f"disclosure:{found.pk}",
            to=[found.requester_email],
            subject=f"Your disclosure request: case {ctx.case.reference}",
            body=(
                f"You asked {partnership.name} on {found.requested_on:%-d %B %Y} for documents an agency "
                f"prepared for a child safeguarding practice review (case {ctx.case.reference}).\n\n"
                "The partnership does not provide copies of agencies’ chronologies or reports. Please contact "
                f"the agency directly:\n\n{found.contact_details}\n\n"
                "This email does not contain personal information."
            ),
        )
        ctx.audit(obj=found, after={"answered_on": found.answered_on.isoformat(), "agency": found.agency_id})
    return found
