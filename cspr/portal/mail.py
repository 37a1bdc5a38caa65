"""The portal's emails, queued in the outbox (``cspr.outbox``) inside the action's transaction.
Routine emails carry the case reference, the agency, a date and a link with numeric ids only: never
a child's or family member's name (the page behind the link shows those to the right people after
sign-in with a second factor). Links start with ``settings.SITE_URL``, never the request's host."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.organisations.models import Agency
from cspr.ui.formatting import format_date


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def agency_recipients(agency: Agency) -> list[str]:
    """Every active lead of the agency, and the safeguarding lead's mailbox on the agency record."""
    emails = list(
        User.objects.filter(agency=agency, role=Role.AGENCY_LEAD, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
    )
    if agency.safeguarding_lead_email and agency.safeguarding_lead_email not in emails:
        emails.append(agency.safeguarding_lead_email)
    return emails


def request_link(request_id: int) -> str:
    return absolute(reverse("portal:request", args=[request_id]))


def request_sent_body(*, reference: str, agency: str, due: object, link: str, partnership: str) -> str:
    due_text = format_date(due) if due else "the date shown in the request"  # type: ignore[arg-type]
    return (
        f"{partnership} has sent {agency} a request for information about case {reference}.\n\n"
        f"Please reply by {due_text}.\n\n"
        f"Sign in to read and answer the request:\n{link}\n\n"
        "Please secure all records about this case now (Document 2a).\n"
        "This email does not contain personal information. Do not reply to it with case details."
    )
