"""Named, audited actions on user accounts."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.audit import log as audit
from cspr.organisations.models import Partnership, StatutoryPartner
from cspr.outbox import api as outbox
from cspr.outbox.kinds import MailKind


def end_sessions(user: User) -> int:
    """Delete every live session of this user; returns how many were ended."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def disable_user(user: User, *, acting_user: User | None) -> None:
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        ended = end_sessions(user)
        audit.record(
            actor=acting_user,
            action="user.disabled",
            obj=user,
            partnership_id=user.home_partnership_id,
            before={"is_active": True},
            after={"is_active": False},
            detail={"sessions_ended": ended, "label": user.email},
        )


def reset_second_factor(user: User, *, acting_user: User) -> int:
    """A partnership administrator resets a person's second factor (a lost phone): their
    authenticator app, passkeys and recovery codes are removed, their sessions end, and the next
    sign-in asks them to set one up again (``RequireMFAMiddleware``). Audited; they are emailed."""
    from allauth.mfa.models import Authenticator

    from cspr.accounts import lockout, notices

    if acting_user.partnership_id is None or acting_user.partnership_id != user.home_partnership_id:
        raise ValidationError("You manage only your own partnership's people")
    if user.pk == acting_user.pk:
        raise ValidationError("You cannot reset your own second factor: ask another administrator")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        removed = sorted(Authenticator.objects.filter(user=locked).values_list("type", flat=True))
        Authenticator.objects.filter(user=locked).delete()
        ended = end_sessions(locked)
        audit.record(
            actor=acting_user,
            action="user.second_factor_reset",
            obj=locked,
            partnership_id=locked.home_partnership_id,
            before={"authenticators": removed},
            after={"authenticators": []},
            detail={"sessions_ended": ended, "label": locked.email},
        )
        partnership = acting_user.partnership
        notices.second_factor_reset(locked, partnership_name=partnership.name if partnership else "")
        transaction.on_commit(lambda: lockout.reset(locked.email))
    return len(removed)


def set_password_url(user: User) -> str:
    """A single-use, expiring link to set a password.

    It is allauth's password reset link: the user's id in base 36 and a token that stops working
    once the password changes (single use) or after PASSWORD_RESET_TIMEOUT (expiry). No name or
    email address appears in it.
    """
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return settings.SITE_URL.rstrip("/") + path


def _queue_set_password_email(user: User, partnership_name: str) -> None:
    """Queue the link in the outbox, in the caller's transaction (the worker sends it)."""
    context = {
        "url": set_password_url(user),
        "partnership_name": partnership_name,
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "site_url": settings.SITE_URL,
    }
    outbox.enqueue(
        kind=MailKind.SET_PASSWORD,
        partnership_id=user.home_partnership_id,
        to=[user.email],
        subject="Set your password for CSPR Manager",
        body=render_to_string("accounts/email/set_password.txt", context),
    )


def send_set_password_link(user: User, *, acting_user: User) -> None:
    with transaction.atomic():
        audit.record(
            actor=acting_user,
            action="user.set_password_link_queued",
            obj=user,
            partnership_id=user.home_partnership_id,
            detail={"label": user.email},
        )
        partnership = acting_user.partnership
        name = partnership.name if partnership else ""
        _queue_set_password_email(user, name)


def create_user(
    *,
    acting_user: User,
    partnership: Partnership,
    full_name: str,
    email: str,
    role: Role,
    job_title: str = "",
    statutory_partner: StatutoryPartner | None = None,
) -> User:
    """A partnership-side account; the person sets a password from the emailed link and enrols a
    second factor the first time they sign in."""
    if role in {Role.AGENCY_LEAD, Role.SYSTEM_ADMIN, Role.PRACTITIONER}:
        raise ValueError(
            "Agency users are invited through the portal, practitioners to their workshop; "
            "system administrators are made by the operator."
        )
    _check_partner(role, statutory_partner, partnership)
    with transaction.atomic():
        user = User.objects.create_user(
            email,
            None,
            full_name=full_name,
            role=role,
            job_title=job_title,
            partnership=partnership,
            statutory_partner=statutory_partner,
        )
        audit.record(
            actor=acting_user,
            action="user.created",
            obj=user,
            partnership_id=partnership.pk,
            after={
                "email": user.email,
                "full_name": full_name,
                "role": role.value,
                "job_title": job_title,
                "statutory_partner": statutory_partner.kind if statutory_partner else None,
            },
            detail={"label": user.email},
        )
        _queue_set_password_email(user, partnership.name)
    return user


def _check_partner(role: Role | str, partner: StatutoryPartner | None, partnership: Partnership | None) -> None:
    """Rule 37, C7: a partner lead belongs to one partner of their own partnership; nobody else does."""
    if partner is None:
        return
    if role != Role.PARTNER_LEAD:
        raise ValidationError({"statutory_partner": "Only a statutory partner lead belongs to a statutory partner"})
    if partnership is None or partner.partnership_id != partnership.pk:
        raise ValidationError({"statutory_partner": "Select one of this partnership's statutory partners"})


def set_statutory_partner(person: User, *, partner: StatutoryPartner | None, acting_user: User) -> User:
    """The partnership administrator sets which partner a statutory partner lead ratifies for."""
    _check_partner(person.role, partner, person.partnership)
    if acting_user.partnership_id is None or acting_user.partnership_id != person.partnership_id:
        raise ValidationError("You manage only your own partnership's people")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=person.pk)
        before = locked.statutory_partner.kind if locked.statutory_partner else None
        locked.statutory_partner = partner
        locked.save(update_fields=["statutory_partner"])
        audit.record(
            actor=acting_user,
            action="user.statutory_partner_set",
            obj=locked,
            partnership_id=locked.partnership_id,
            before={"statutory_partner": before},
            after={"statutory_partner": partner.kind if partner else None},
            detail={"label": locked.email},
        )
    return locked
