"""Partnership settings: clock targets and anchors, statutory mailboxes, branding."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from cspr.filesafety import image
from cspr.filesafety.errors import UploadRefused
from cspr.organisations.models import Partnership

LOGO_MAX_BYTES = 1024 * 1024

CLOCK_FIELDS = [
    "rapid_review_anchor",
    "rapid_review_working_days",
    "notification_working_days",
    "scoping_send_working_days",
    "scoping_return_working_days",
    "scoping_return_anchor",
    "meeting_window_start_working_days",
    "meeting_window_end_working_days",
    "submission_working_days",
    "lcspr_months",
    "prepublication_working_days",
    "cross_border_lead",
]
# Rule 37, C7: whether a partner's ratification may be recorded by someone acting on its behalf.
RATIFICATION_FIELDS = ["allow_ratification_on_behalf"]
MAILBOX_FIELDS = ["panel_mailbox", "ofsted_mailbox", "dfe_mailbox", "nspcc_mailbox"]
BRANDING_FIELDS = [
    "address",
    "contact_email",
    "contact_phone",
    "website",
    "signature_name",
    "signature_role",
]


class PartnershipSettingsForm(forms.ModelForm[Partnership]):
    version = forms.IntegerField(widget=forms.HiddenInput)
    logo_upload = forms.FileField(
        label="Logo (PNG or JPEG, up to 1 MB)",
        required=False,
        help_text="Shown at the top of every letter and document the partnership generates.",
    )

    class Meta:
        model = Partnership
        fields = [*CLOCK_FIELDS, *RATIFICATION_FIELDS, *MAILBOX_FIELDS, *BRANDING_FIELDS]
        widgets = {
            "rapid_review_anchor": forms.RadioSelect,
            "scoping_return_anchor": forms.RadioSelect,
            "cross_border_lead": forms.RadioSelect,
            "address": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "rapid_review_anchor": "The 15 working days of the Rapid Review count from",
            "rapid_review_working_days": "Working days to complete the Rapid Review",
            "notification_working_days": "Working days to notify the National Panel",
            "scoping_send_working_days": "Working days after the referral to send scoping requests",
            "scoping_return_working_days": "Working days agencies have to return scoping",
            "scoping_return_anchor": "The scoping return date counts from",
            "meeting_window_start_working_days": "Earliest Rapid Review meeting (working days after the referral)",
            "meeting_window_end_working_days": "Latest Rapid Review meeting (working days after the referral)",
            "submission_working_days": "Working days after the meeting to submit to the National Panel",
            "lcspr_months": "Months to complete an LCSPR",
            "prepublication_working_days": "Working days before publication to send pre-publication copies",
            "cross_border_lead": "For a cross-border case, the lead partnership is",
            "allow_ratification_on_behalf": "Allow ratifying a Rapid Review on behalf of another safeguarding partner",
            "panel_mailbox": "National Panel mailbox",
            "ofsted_mailbox": "Ofsted mailbox",
            "dfe_mailbox": "Department for Education mailbox",
            "nspcc_mailbox": "NSPCC repository mailbox",
            "contact_email": "Contact email address",
            "contact_phone": "Contact telephone number",
            "signature_name": "Name in the signature block of letters",
            "signature_role": "Role in the signature block of letters",
        }
        help_texts = {
            "allow_ratification_on_behalf": "Each partner's lead ratifies for their own partner. If allowed, a partner "
            "lead or the business manager may record a partner's ratification on its behalf, giving the reason and "
            "the delegation it relies on; it is shown as such on the case, in the audit trail and in Document 4.",
            "panel_mailbox": "Leave blank to use the service-wide address.",
            "ofsted_mailbox": "Leave blank to use the service-wide address.",
            "dfe_mailbox": "Leave blank to use the service-wide address.",
            "nspcc_mailbox": "Leave blank to use the service-wide address.",
        }

    def clean_logo_upload(self) -> UploadedFile[bytes] | None:
        upload: UploadedFile[bytes] | None = self.cleaned_data.get("logo_upload")
        if upload is None:
            return None
        if upload.size is not None and upload.size > LOGO_MAX_BYTES:
            raise forms.ValidationError("The logo must be smaller than 1 MB")
        # Decoded as an image and stored as the PNG we write from its pixels, never the bytes uploaded.
        try:
            clean = image.reencode_logo(upload.read(LOGO_MAX_BYTES + 1))
        except UploadRefused as refused:
            raise forms.ValidationError(refused.message) from None
        return SimpleUploadedFile("logo.png", clean, content_type="image/png")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start = cleaned.get("meeting_window_start_working_days")
        end = cleaned.get("meeting_window_end_working_days")
        if start is not None and end is not None and start > end:
            self.add_error(
                "meeting_window_end_working_days",
                "The latest meeting day must be the same as or after the earliest meeting day",
            )
        for name in ("rapid_review_working_days", "notification_working_days", "scoping_return_working_days"):
            value = cleaned.get(name)
            if value is not None and not 1 <= value <= 60:
                self.add_error(name, "Enter a number of working days between 1 and 60")
        months = cleaned.get("lcspr_months")
        if months is not None and not 1 <= months <= 24:
            self.add_error("lcspr_months", "Enter a number of months between 1 and 24")
        return cleaned
