"""The portal's emails. Routine emails carry the case reference, the agency, a date and a link with
numeric ids only: never a child's or family member's name (the page behind the link shows those
to the right people after sign-in with a second factor)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.organisations.models import Agency
from cspr.ui.formatting import format_date

logger = logging.getLogger(__name__)

# The demo world is built with the real actions but must not email its fictional addresses.
_suppressed: ContextVar[bool] = ContextVar("portal_mail_suppressed", default=False)


@contextmanager
def suppressed() -> Iterator[None]:
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def absolute(path: str, base_url: str | None = None) -> str:
    return (base_url or settings.SITE_URL).rstrip("/") + path


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


def send_now(subject: str, body: str, to: Iterable[str]) -> None:
    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    message.send()
    logger.info("portal email sent: %s (%d recipients)", subject, len(recipients))


def send_on_commit(subject: str, body: str, to: Iterable[str]) -> None:
    if _suppressed.get():
        return
    recipients = list(to)
    transaction.on_commit(lambda: send_now(subject, body, recipients))


def request_link(request_id: int, base_url: str | None = None) -> str:
    return absolute(reverse("portal:request", args=[request_id]), base_url)


def request_sent_body(*, reference: str, agency: str, due: object, link: str, partnership: str) -> str:
    due_text = format_date(due) if due else "the date shown in the request"  # type: ignore[arg-type]
    return (
        f"{partnership} has sent {agency} a request for information about case {reference}.\n\n"
        f"Please reply by {due_text}.\n\n"
        f"Sign in to read and answer the request:\n{link}\n\n"
        "Please secure all records about this case now (Document 2a).\n"
        "This email does not contain personal information. Do not reply to it with case details."
    )
