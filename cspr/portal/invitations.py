"""Inviting an agency's safeguarding lead.

The emailed link carries a signed, timestamped invitation id and nothing else (no name, no email,
no agency). It works once, until it expires or is revoked; accepting it creates an agency user
(role AGENCY_LEAD, scoped to the agency) with a password that passes the project's validators,
signs them in and sends them to set up their second factor.
"""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.audit import log as audit
from cspr.organisations.models import Agency
from cspr.outbox import api as outbox
from cspr.outbox.kinds import MailKind
from cspr.portal import mail
from cspr.portal.models import Invitation

SALT = "cspr.portal.invitation"
VALID_FOR = dt.timedelta(days=7)


def token_for(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk}, salt=SALT, compress=False)


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation if the token is genuine, unexpired and unused; otherwise None."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=VALID_FOR)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("i"), int):
        return None
    invitation = Invitation.objects.select_related("agency__partnership").filter(pk=payload["i"]).first()
    if invitation is None or not invitation.usable:
        return None
    return invitation


def invite_agency_lead(
    agency: Agency,
    *,
    email: str,
    full_name: str,
    job_title: str = "",
    acting_user: User,
) -> Invitation:
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise ValidationError("This email address already has an account")
    with transaction.atomic():
        # A newer invitation replaces any unused one for the same person and agency.
        Invitation.objects.filter(agency=agency, email=email, used_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        invitation = Invitation.objects.create(
            agency=agency,
            email=email,
            full_name=full_name.strip(),
            job_title=job_title.strip(),
            invited_by=acting_user,
            expires_at=timezone.now() + VALID_FOR,
        )
        audit.record(
            actor=acting_user,
            action="portal.invited",
            obj=invitation,
            partnership_id=agency.partnership_id,
            after={"agency": agency.pk, "expires_at": invitation.expires_at.isoformat()},
            detail={"label": f"{agency.name} safeguarding lead"},
        )
        link = mail.absolute(reverse("portal:invitation", args=[token_for(invitation)]))
        outbox.enqueue(
            kind=MailKind.AGENCY_INVITATION,
            key=f"invitation:{invitation.pk}",
            partnership_id=agency.partnership_id,
            to=[email],
            subject="You have been invited to CSPR Manager",
            body=(
                f"{agency.partnership.name} has invited you to answer information requests for {agency.name} "
                "in CSPR Manager.\n\n"
                f"Set up your account with this link. It works once and expires on "
                f"{invitation.expires_at:%d %B %Y}:\n{link}\n\n"
                "You will create a password and then set up an authenticator app on your phone."
            ),
        )
    return invitation


def accept_invitation(invitation: Invitation, *, password: str) -> User:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("agency").get(pk=invitation.pk)
        if not invitation.usable:
            raise ValidationError("This invitation link has expired or has already been used")
        if User.objects.filter(email=invitation.email).exists():
            raise ValidationError("This email address already has an account")
        user = User.objects.create_user(
            invitation.email,
            password,
            full_name=invitation.full_name,
            job_title=invitation.job_title,
            role=Role.AGENCY_LEAD,
            agency=invitation.agency,
        )
        invitation.used_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["used_at", "user"])
        audit.record(
            actor=user,
            action="user.created",
            obj=user,
            partnership_id=invitation.agency.partnership_id,
            after={"role": Role.AGENCY_LEAD, "agency": invitation.agency_id},
            detail={"label": user.email, "invitation": invitation.pk},
        )
    return user


def update_strategic_lead(agency: Agency, *, name: str, email: str, acting_user: User) -> Agency:
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        before = {"name": agency.strategic_lead_name, "email": agency.strategic_lead_email}
        agency.strategic_lead_name = name.strip()
        agency.strategic_lead_email = email.strip().lower()
        agency.save(update_fields=["strategic_lead_name", "strategic_lead_email"])
        audit.record(
            actor=acting_user,
            action="portal.strategic_lead_updated",
            obj=agency,
            partnership_id=agency.partnership_id,
            before=before,
            after={"name": agency.strategic_lead_name, "email": agency.strategic_lead_email},
            detail={"label": agency.name},
        )
    return agency
