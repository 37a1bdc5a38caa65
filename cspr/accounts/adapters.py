"""allauth adapters: no self sign-up, GOV.UK wording, a second factor that cannot be removed, and
single sign-on that only ever signs in existing users."""

from __future__ import annotations

import base64
import hashlib
import time
from typing import Any
from urllib.parse import quote

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from cryptography.fernet import Fernet
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import strip_tags

from cspr.accounts import lockout
from cspr.accounts.clientip import client_ip

SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)

# allauth's wording replaced with GOV.UK style error messages (no full stops, say what to do).
_ACCOUNT_ERRORS = {
    "email_password_mismatch": "Enter a correct email address and password",
    "account_inactive": "This account has been disabled. Contact your partnership administrator",
    "enter_current_password": "Enter your current password",
    "incorrect_password": "The password is not correct",
    "too_many_login_attempts": "There have been too many attempts to sign in. Wait a few minutes and try again",
    "rate_limited": "There have been too many attempts. Wait a few minutes and try again",
    "invalid_password_reset": "This link has expired or has been used. Ask for a new one",
}
# allauth's notices in our words; "signed in" and "codes generated" add nothing to the page they land on.
_SILENT_MESSAGES = {
    "account/messages/logged_in.txt",
    "account/messages/logged_out.txt",
    "mfa/messages/recovery_codes_generated.txt",
}
_MESSAGES = {
    "mfa/messages/totp_activated.txt": "Your authenticator app is set up",
    "mfa/messages/totp_deactivated.txt": "Your authenticator app has been removed",
    "mfa/messages/webauthn_added.txt": "Your passkey has been added",
    "mfa/messages/webauthn_removed.txt": "Your passkey has been removed",
    "account/messages/password_changed.txt": "Your password has been changed",
    "account/messages/password_set.txt": "Your password has been set",
}
# allauth's notices to the account holder (ACCOUNT_EMAIL_NOTIFICATIONS): what changed, when, from
# which address and browser; about their own account only.
_NOTICES = frozenset(
    {
        "account/email/password_changed",
        "account/email/password_set",
        "account/email/password_reset",
        "mfa/email/totp_activated",
        "mfa/email/totp_deactivated",
        "mfa/email/webauthn_added",
        "mfa/email/webauthn_removed",
        "mfa/email/recovery_codes_generated",
    }
)
_MFA_ERRORS = {
    "incorrect_code": "The code is not correct or has expired. Enter the latest code from your authenticator app",
    "cannot_delete_authenticator": "You cannot remove your only second step for signing in",
}


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {**DefaultAccountAdapter.error_messages, **_ACCOUNT_ERRORS}

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are created by a partnership administrator or by an agency invitation only.
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        # A sign-in completed within the reauthentication window counts: asking for the password
        # again seconds after it was typed (first enrolment of a second factor) adds nothing.
        request = self.request or allauth_context.request
        if request is None or not request.user.is_authenticated:
            return True
        records = get_authentication_records(request, request.user)
        return not (records and time.time() - float(records[-1]["at"]) < account_settings.REAUTHENTICATION_TIMEOUT)

    def get_client_ip(self, request: HttpRequest) -> str:
        # Behind a configured proxy, the client it names; never a header from anyone else.
        return client_ip(request)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        lockout.check(request, lockout.login_identifier(credentials))
        super().pre_authenticate(request, **credentials)

    def authenticate(self, request: HttpRequest, **credentials: Any) -> AbstractBaseUser | None:
        user: AbstractBaseUser | None = super().authenticate(request, **credentials)
        if user is not None:
            lockout.succeeded(lockout.login_identifier(credentials))
        return user

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        lockout.failed(request, lockout.login_identifier(credentials))

    def add_message(
        self, request: HttpRequest, level: int, message_template: str | None = None, *a: Any, **kw: Any
    ) -> None:
        if message_template in _SILENT_MESSAGES:
            return
        if message_template in _MESSAGES:
            messages.add_message(request, level, _MESSAGES[message_template])
            return
        super().add_message(request, level, message_template, *a, **kw)

    def get_reset_password_from_key_url(self, key: str) -> str:
        # The configured site address, never the request's Host header (which the client chooses).
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return settings.SITE_URL.rstrip("/") + path.replace("UID-KEY", quote(key))

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's emails (password reset, account notices) go through the outbox like every other."""
        from cspr.outbox import api as outbox
        from cspr.outbox.kinds import MailKind

        message = self.render_mail(template_prefix, email, {"email": email, **context})
        html = next((str(c) for c, kind in getattr(message, "alternatives", []) if kind == "text/html"), "")
        body = message.body
        if message.content_subtype == "html":
            html, body = body, strip_tags(body)
        from cspr.accounts.models import User

        # The account's partnership, so a failure shows on its administrators' failed-email page.
        account = User.objects.filter(email__iexact=email).first()
        # Notices (password, authenticator app, passkey or recovery codes changed) carry no link to
        # keep secret; the password reset email does.
        kind = MailKind.ACCOUNT_CHANGED if template_prefix in _NOTICES else MailKind.ACCOUNT
        outbox.enqueue(
            kind=kind,
            partnership_id=account.home_partnership_id if account is not None else None,
            to=message.to,
            subject=message.subject,
            body=body,
            html_body=html,
        )


_ENCRYPTED = "fernet:"


def _fernet() -> Fernet:
    # A key of its own for authenticator secrets, derived from the secret key unless one is set:
    # a database copy alone no longer yields everyone's one-time codes.
    material = settings.MFA_SECRET_KEY or settings.SECRET_KEY
    digest = hashlib.sha256(("cspr.mfa.totp:" + material).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {**DefaultMFAAdapter.error_messages, **_MFA_ERRORS}

    def encrypt(self, text: str) -> str:
        return _ENCRYPTED + _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(_ENCRYPTED):
            return encrypted_text  # written before secrets were encrypted
        return _fernet().decrypt(encrypted_text[len(_ENCRYPTED) :].encode()).decode()

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # A second factor is mandatory: the last authenticator app or passkey cannot be removed
        # (recovery codes are not a second factor on their own).
        if authenticator.type not in SECOND_FACTORS:
            return True
        others = Authenticator.objects.filter(user_id=authenticator.user_id, type__in=SECOND_FACTORS).exclude(
            pk=authenticator.pk
        )
        return bool(others.exists())


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        # Single sign-on signs in existing users (matched by verified email); it never creates one.
        return False

    def authenticate_by_email(self, sociallogin: Any) -> tuple[Any, str] | None:
        from allauth.account.models import EmailAddress

        from cspr.accounts.models import User

        for address in sociallogin.email_addresses:
            if not address.verified:
                continue
            user = User.objects.filter(email=address.email.strip().lower(), is_active=True).first()
            if user is None:
                continue
            # The administrator set this address when creating the account, so it is ours to vouch
            # for; recording it as verified stops allauth wiping the user's password on first SSO.
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
            return user, user.email
        return None
