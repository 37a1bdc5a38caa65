"""Sign-in forms with GOV.UK labels and error messages (allauth's views use these through
ACCOUNT_FORMS and MFA_FORMS), and the partnership administrator's user forms."""

from __future__ import annotations

from typing import Any

from allauth.account import forms as account_forms
from allauth.core import context as allauth_context
from allauth.core.internal.cryptokit import compare_user_code
from allauth.mfa.base import forms as mfa_base_forms
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp import forms as totp_forms
from allauth.mfa.totp.internal.auth import TOTP, validate_totp_code
from allauth.mfa.utils import decrypt
from django import forms
from django.core.cache import cache

from cspr.accounts import lockout
from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.organisations.models import Partnership, StatutoryPartner

CODE_REQUIRED = "Enter the 6-digit code from your authenticator app"
CODE_ALREADY_USED = (
    "This code has already been used. Wait for your authenticator app to show a new code, then enter that"
)
RECOVERY_CODE_ALREADY_USED = "This recovery code has already been used. Enter the code from your authenticator app"


def _code_field(form: forms.Form) -> None:
    field = form.fields["code"]
    field.error_messages["required"] = CODE_REQUIRED
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update({"autocomplete": "one-time-code"})


def _password_fields(form: forms.Form, labels: dict[str, str], required: dict[str, str]) -> None:
    for name, label in labels.items():
        if name not in form.fields:
            continue
        field = form.fields[name]
        field.label = label
        field.help_text = ""
        field.widget.attrs.pop("placeholder", None)
        field.error_messages["required"] = required[name]


class LoginForm(account_forms.LoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = "Email address"
        login.widget.attrs.pop("placeholder", None)
        login.widget.attrs["autocomplete"] = "username"
        login.error_messages.update(
            {
                "required": "Enter your email address",
                "invalid": "Enter an email address in the correct format, like name@example.com",
            }
        )
        _password_fields(self, {"password": "Password"}, {"password": "Enter your password"})


class ResetPasswordForm(account_forms.ResetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "Email address"
        email.widget.attrs.pop("placeholder", None)
        email.error_messages.update(
            {
                "required": "Enter your email address",
                "invalid": "Enter an email address in the correct format, like name@example.com",
            }
        )


_NEW = {"password1": "New password", "password2": "Confirm new password"}
_NEW_REQUIRED = {"password1": "Enter a new password", "password2": "Confirm your new password"}


class ResetPasswordKeyForm(account_forms.ResetPasswordKeyForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _password_fields(self, _NEW, _NEW_REQUIRED)


class SetPasswordForm(account_forms.SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _password_fields(self, _NEW, _NEW_REQUIRED)


class ChangePasswordForm(account_forms.ChangePasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _password_fields(
            self,
            {"oldpassword": "Current password", **_NEW},
            {"oldpassword": "Enter your current password", **_NEW_REQUIRED},
        )


class ReauthenticateForm(account_forms.ReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _password_fields(self, {"password": "Password"}, {"password": "Enter your password"})


def used_code_message(user: Any, code: str) -> str | None:
    """Why a refused code was refused, when the reason is that it was used already.

    allauth refuses a replayed authenticator code (it remembers each accepted code for one period)
    and a spent recovery code with the same "not correct" message, which sends people checking
    their phone's clock; a code that was right but already used says so.
    """
    for authenticator in Authenticator.objects.filter(user=user):
        wrapped = authenticator.wrap()
        if isinstance(wrapped, TOTP):
            secret = decrypt(authenticator.data["secret"])
            if validate_totp_code(secret, code) and cache.get(wrapped._get_used_cache_key(code)):
                return CODE_ALREADY_USED
        elif isinstance(wrapped, RecoveryCodes):
            for index, recovery_code in enumerate(wrapped.generate_codes()):
                if wrapped._is_code_used(index) and compare_user_code(actual=code, expected=recovery_code):
                    return RECOVERY_CODE_ALREADY_USED
    return None


class _UsedCodeMessage:
    """Authenticator-app and recovery codes: wrong ones counted per account in the shared cache
    (``cspr.accounts.lockout``), so guessing slows down whichever process or address it comes from;
    a right code that was used already says so."""

    user: Any

    def clean_code(self) -> str:
        identifier = lockout.normalise(getattr(self.user, "email", ""))
        lockout.check(allauth_context.request, identifier, kind="code")
        try:
            code: str = super().clean_code()  # type: ignore[misc]
        except forms.ValidationError:
            reused = used_code_message(self.user, str(self.cleaned_data.get("code", "")))  # type: ignore[attr-defined]
            if reused:
                raise forms.ValidationError(reused, code="code_already_used") from None
            lockout.failed(allauth_context.request, identifier, kind="code")
            raise
        lockout.succeeded(identifier, kind="code")
        return code


class AuthenticateForm(_UsedCodeMessage, mfa_base_forms.AuthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self)


class MFAReauthenticateForm(_UsedCodeMessage, mfa_base_forms.ReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self)


class ActivateTOTPForm(totp_forms.ActivateTOTPForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self)


# Partnership-side roles a partnership administrator may give; agency users are invited through the
# portal, and system administrators are made on the command line.
ASSIGNABLE_ROLES = [
    Role.PARTNERSHIP_ADMIN,
    Role.BUSINESS_MANAGER,
    Role.PARTNER_LEAD,
    Role.CSPR_GROUP_MEMBER,
    Role.LEAD_REVIEWER,
    Role.REVIEW_TEAM_MEMBER,
    Role.SCRUTINEER,
    Role.AUDITOR,
]


class NewUserForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter the person’s full name"}
    )
    email = forms.EmailField(
        label="Email address",
        help_text="They will sign in with this address and we will send the link to set a password to it",
        error_messages={
            "required": "Enter the person’s email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=200, required=False)
    role = forms.ChoiceField(
        label="Role",
        choices=[(r.value, r.label) for r in ASSIGNABLE_ROLES],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the person’s role"},
    )

    statutory_partner = forms.ModelChoiceField(
        queryset=StatutoryPartner.objects.none(),
        label="Statutory partner (partner leads only)",
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="A statutory partner lead ratifies Rapid Review decisions for this partner only.",
        error_messages={"invalid_choice": "Select one of this partnership's statutory partners"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        partner_field(self, partnership)

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError("There is already an account with this email address")
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        check_partner(self, cleaned.get("role"), cleaned.get("statutory_partner"))
        return cleaned


def partner_field(form: forms.Form, partnership: Partnership) -> None:
    field = form.fields["statutory_partner"]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = StatutoryPartner.objects.filter(partnership=partnership).order_by("kind")
    field.label_from_instance = lambda p: f"{p.get_kind_display()}: {p.organisation_name}"  # type: ignore[method-assign,assignment]


def check_partner(form: forms.Form, role: str | None, partner: StatutoryPartner | None) -> None:
    """Rule 37, C7: a partner lead belongs to exactly one partner of their own partnership; nobody else
    belongs to one (the queryset already limits the choice to the administrator's partnership)."""
    if role == Role.PARTNER_LEAD and partner is None:
        form.add_error("statutory_partner", "Select the statutory partner this lead ratifies for")
    elif role and role != Role.PARTNER_LEAD and partner is not None:
        form.add_error("statutory_partner", "Only a statutory partner lead belongs to a statutory partner")


class StatutoryPartnerForm(forms.Form):
    """Change which partner an existing partner lead ratifies for."""

    statutory_partner = forms.ModelChoiceField(
        queryset=StatutoryPartner.objects.none(),
        label="Statutory partner",
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="A statutory partner lead ratifies Rapid Review decisions for this partner only.",
        error_messages={"invalid_choice": "Select one of this partnership's statutory partners"},
    )

    def __init__(self, *args: Any, partnership: Partnership, person: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        partner_field(self, partnership)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        check_partner(self, self.person.role, cleaned.get("statutory_partner"))
        return cleaned
