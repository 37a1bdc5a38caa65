"""Forms of the publication pages. Hard rules are checked by the actions, not here."""

from __future__ import annotations

from typing import Any

from django import forms

from cspr.organisations.models import PartnerKind
from cspr.publication.models import NotPublishingReason
from cspr.ui.widgets import GovukDateField


def _text(label: str, error: str, *, rows: int = 3, help_text: str = "", required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=4000,
        required=required,
        error_messages={"required": error},
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label="The final report (Word or PDF)",
        help_text="The publishable version: anonymised, naming the reviewer. Smaller than 10 MB.",
        error_messages={"required": "Select the final report"},
    )


class ApproveForm(forms.Form):
    """A partner lead approves for their own partner: the only choice offered (a forged other partner is
    an invalid choice here, and refused by the action too)."""

    partner = forms.ChoiceField(
        label="Which safeguarding partner is approving the report?",
        choices=PartnerKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the safeguarding partner",
            "invalid_choice": "You approve for your own partner only",
        },
    )
    approver_name = forms.CharField(
        label="Name of the person approving for the partner",
        max_length=200,
        error_messages={"required": "Enter the name of the person approving"},
    )
    approver_role = forms.CharField(label="Their role", max_length=200, error_messages={"required": "Enter their role"})
    date = GovukDateField(label="Date approved", label_for_errors="the date of approval")

    def __init__(self, *args: Any, partners: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partners is not None:
            self.fields["partner"].choices = partners  # type: ignore[attr-defined]


class ApproveOnBehalfForm(ApproveForm):
    reason = _text(
        "Why are you approving on this partner's behalf?", "Enter why you are approving on this partner's behalf"
    )
    delegation = _text(
        "The delegation this relies on",
        "Enter the delegation this relies on",
        help_text="Who delegated the approval, to whom, when and how (for example a written delegation from the "
        "partner's lead).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].label = "For which safeguarding partner are you approving?"
        self.fields["partner"].error_messages["invalid_choice"] = "Select a partner that has not approved yet"


class PreReadingForm(forms.Form):
    given_on = GovukDateField(
        label="Date the report was given to them", label_for_errors="the date the report was given"
    )
    other = forms.CharField(
        label="Or a key individual not in the family record",
        help_text="For example, “Foster carer”. Leave blank if you chose a family member above.",
        max_length=200,
        required=False,
    )
    how = forms.CharField(
        label="How was it given? (optional)",
        help_text="For example, in person with their coordinator, or by post.",
        max_length=200,
        required=False,
    )
    notes = _text("Notes (optional)", "", required=False, help_text="Any changes of wording asked for (§9.2.5).")

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = forms.ChoiceField(
            label="Who was given the report to read?", choices=[("", "Someone else (below)"), *people], required=False
        )
        self.order_fields(["person", "other", "given_on", "how", "notes"])


class BriefingForm(forms.Form):
    told_on = GovukDateField(label="Date the practitioners were told", label_for_errors="the date they were told")
    told_by = forms.CharField(
        label="Who told them?",
        help_text="The agency's senior manager (name and role).",
        max_length=200,
        error_messages={"required": "Enter who told the practitioners"},
    )

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"] = forms.ChoiceField(
            label="Agency",
            choices=agencies,
            widget=forms.RadioSelect,
            error_messages={
                "required": "Select the agency",
                "invalid_choice": "Select an agency involved in this case",
            },
        )
        self.order_fields(["agency", "told_on", "told_by"])


class PlanForm(forms.Form):
    planned_date = GovukDateField(
        label="Planned date of publication",
        label_for_errors="the planned date of publication",
        help_text="The copies to the National Panel, Ofsted and the Secretary of State are due 7 working days before.",
    )
    family_wishes = _text(
        "The family's wishes, and how they were taken into account",
        "Enter the family's wishes and how they were considered",
        help_text="§10.3.2: the arrangements are discussed with the family.",
    )
    media_contact = forms.CharField(
        label="Media contact", max_length=200, error_messages={"required": "Enter the one media contact"}
    )
    strategic_leads = _text("Strategic leads of the agencies involved", "Enter the strategic leads")
    communications_leads = _text("Communications leads", "Enter the communications leads")
    media_interest = forms.BooleanField(
        label="The report is likely to attract public or media attention", required=False
    )
    panel_contacted_on = GovukDateField(
        label="Date the National Panel was contacted before publication",
        label_for_errors="the date the Panel was contacted",
        required=False,
        help_text="Needed when the report has national recommendations or is likely to attract media attention (§10.2.2).",
    )
    panel_contact_note = _text("What the Panel said (optional)", "", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CopiesForm(forms.Form):
    late_reason = _text(
        "Why are the copies late? (only if they are)",
        "",
        required=False,
        help_text="Needed when today is after the send-by date.",
    )


class PublishedForm(forms.Form):
    published_on = GovukDateField(label="Date published", label_for_errors="the date of publication")
    url = forms.URLField(
        label="Web address of the published report",
        max_length=500,
        assume_scheme="https",
        error_messages={
            "required": "Enter the web address",
            "invalid": "Enter a web address, like https://example.org/report",
        },
    )
    reviewer_names = forms.CharField(
        label="The reviewer's name, as the report gives it",
        max_length=300,
        error_messages={"required": "Enter the reviewer's name"},
    )
    reviewer_named = forms.BooleanField(
        label="I confirm the published report names the reviewer",
        required=False,
    )
    late_reason = _text(
        "Why is it published less than 7 working days after the copies? (only if it is)", "", required=False
    )


class NspccForm(forms.Form):
    submitted_on = GovukDateField(label="Date emailed to the NSPCC repository", label_for_errors="the date")
    submitted_by = forms.CharField(label="Sent by", max_length=200, required=False)


class ArchiveForm(forms.Form):
    archived_on = GovukDateField(label="Date archived", label_for_errors="the date archived")
    note = _text("Note (optional)", "", required=False, help_text="For example, who asked for it on request since.")


class NotPublishingForm(forms.Form):
    reasons = forms.MultipleChoiceField(
        label="The partners' reasons for not publishing",
        choices=NotPublishingReason.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the partners' reasons for not publishing"},
    )
    explanation = _text("Explain the decision", "Explain the partners' decision", rows=5)
    decided_on = GovukDateField(label="Date of the decision", label_for_errors="the date of the decision")
    decided_by = _text(
        "Who decided", "Enter who decided", help_text="The three safeguarding partners, with the CSPR group (§10.1.3)."
    )
    improvements_summary = _text(
        "The information about improvements published instead", "Enter the information about improvements", rows=5
    )
    improvements_url = forms.URLField(
        label="Where it is published",
        max_length=500,
        assume_scheme="https",
        error_messages={
            "required": "Enter the web address",
            "invalid": "Enter a web address, like https://example.org/",
        },
    )
    improvements_published_on = GovukDateField(
        label="Date it was published", label_for_errors="the date it was published"
    )
