"""Inviting an independent reviewer (or a team member or expert without an account) to one review.

As for agency leads (``cspr.portal.invitations``): the emailed link carries a signed, timestamped
invitation id and nothing else; it works once, until it expires, is replaced or the appointment ends.
Accepting it (``actions.accept_invitation``) creates the account with a reviewer's role and no
partnership, gives it reach to this case only, signs the person in and sends them to set up MFA.
The email gives the case reference only, never the child's name.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from cspr.cases.models import Case
from cspr.lcspr.models import Appointment, ReviewerInvitation
from cspr.outbox import api as outbox
from cspr.outbox.kinds import MailKind
from cspr.portal.mail import absolute

if TYPE_CHECKING:
    from cspr.accounts.models import User

SALT = "cspr.lcspr.invitation"
VALID_FOR = dt.timedelta(days=7)


def token_for(invitation: ReviewerInvitation) -> str:
    return signing.dumps({"r": invitation.pk}, salt=SALT, compress=False)


def invitation_from_token(token: str) -> ReviewerInvitation | None:
    """The invitation if the token is genuine, unexpired, unused and its appointment still runs."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=VALID_FOR)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("r"), int):
        return None
    invitation = (
        ReviewerInvitation.objects.select_related("appointment__case__lead_partnership").filter(pk=payload["r"]).first()
    )
    if invitation is None or not invitation.usable or invitation.appointment.ended is not None:
        return None
    return invitation


def invite(case: Case, appointment: Appointment, *, acting_user: User) -> ReviewerInvitation:
    """Queue the invitation; call inside the appointing action's transaction."""
    ReviewerInvitation.objects.filter(appointment=appointment, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    invitation = ReviewerInvitation.objects.create(
        appointment=appointment,
        email=appointment.email,
        invited_by=acting_user,
        expires_at=timezone.now() + VALID_FOR,
    )
    link = absolute(reverse("lcspr:invitation", args=[token_for(invitation)]))
    outbox.enqueue(
        kind=MailKind.REVIEWER_INVITATION,
        key=f"lcspr.invitation:{invitation.pk}",
        case=case,
        to=[appointment.email],
        subject=f"You have been invited to CSPR Manager: review {case.reference}",
        body=(
            f"{case.lead_partnership.name} has appointed you to the review of case {case.reference} "
            f"({appointment.get_role_display().lower()}).\n\n"
            f"Set up your account with this link. It works once and expires on {invitation.expires_at:%-d %B %Y}:\n"
            f"{link}\n\n"
            "You will create a password and then set up an authenticator app on your phone. "
            "You will see only the reviews you are appointed to."
        ),
    )
    return invitation
