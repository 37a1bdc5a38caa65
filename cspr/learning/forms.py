"""Forms for learning points, recommendations and endorsement. Choices offered are the case's own
records; the actions check every link again (a forged id is refused there too)."""

from __future__ import annotations

from typing import Any

from django import forms

from cspr.cases.forms import date_field, yes_no
from cspr.cases.models import Case
from cspr.chronology.models import ChronologyEntry
from cspr.learning.models import LearningPoint, Scope
from cspr.library.models import themes_for
from cspr.organisations.models import PartnerKind
from cspr.ui.formatting import format_date
from cspr.workshops.models import KeyTheme

MAX_ID = 2**63 - 1


class IdsChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Checkboxes of the case's records; an id that is not a whole number the database can hold is an
    invalid choice (never a query that overflows)."""

    def _check_values(self, value: Any) -> Any:
        for pk in value if isinstance(value, (list, tuple)) else [value]:
            text = str(pk).strip()
            if not text.isdigit() or int(text) > MAX_ID:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super()._check_values(value)  # type: ignore[misc]


class EntryChoiceField(IdsChoiceField):
    def label_from_instance(self, obj: ChronologyEntry) -> str:
        text = obj.key_event if len(obj.key_event) <= 90 else obj.key_event[:87] + "…"
        return f"{format_date(obj.date_from)}: {text}"


def _multi(queryset: Any, label: str, help_text: str = "") -> IdsChoiceField:
    return IdsChoiceField(
        queryset=queryset,
        label=label,
        help_text=help_text,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select from the list", "invalid_pk_value": "Select from the list"},
    )


def case_themes(case: Case) -> Any:
    return themes_for(case.lead_partnership).order_by("name")


class LearningPointForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title"})
    text = forms.CharField(
        label="The learning",
        help_text="What the review found, and why it matters beyond this case.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages={"required": "Enter the learning"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"] = _multi(case_themes(case), "Themes")
        self.fields["key_themes"] = _multi(
            KeyTheme.objects.filter(case=case).order_by("pk"), "Key themes for analysis it comes from"
        )
        entries = ChronologyEntry.objects.filter(case=case, merged_into__isnull=True).order_by("date_from", "pk")
        self.fields["chronology_entries"] = EntryChoiceField(
            queryset=entries,
            label="Chronology entries it draws on",
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": "Select from the list", "invalid_pk_value": "Select from the list"},
        )
        self.order_fields(["title", "text", "themes", "key_themes", "chronology_entries"])


class RecommendationForm(forms.Form):
    addressee = forms.CharField(
        label="Addressed to",
        help_text="The named organisation or person who is to act.",
        max_length=200,
        error_messages={"required": "Enter the organisation or person the recommendation is addressed to"},
    )
    scope = forms.ChoiceField(
        label="Local or national?",
        choices=Scope.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the recommendation is local or national"},
    )
    expected_change = forms.CharField(
        label="The change expected",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Enter the change expected"},
    )
    measure = forms.CharField(
        label="How its effect will be measured",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Enter how its effect will be measured"},
    )
    due_by = date_field("By when", "the date by which the change is expected", required=True)
    national_policy = yes_no(
        "Does it have implications for national policy?",
        error="Select whether it has implications for national policy",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["learning_points"] = _multi(
            LearningPoint.objects.filter(case=case).order_by("number"), "Learning points it answers"
        )
        self.fields["themes"] = _multi(case_themes(case), "Themes")


class EndorseForm(forms.Form):
    """A partner lead endorses for their own partner: the only choice offered."""

    partner = forms.ChoiceField(
        label="Which safeguarding partner is endorsing?",
        choices=PartnerKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the safeguarding partner", "invalid_choice": "Select from the list"},
    )
    executive_name = forms.CharField(
        label="Name of the executive endorsing", max_length=200, error_messages={"required": "Enter the name"}
    )
    executive_role = forms.CharField(
        label="Their role", max_length=200, error_messages={"required": "Enter the executive's role"}
    )
    date = date_field("Date endorsed", "the date of endorsement", required=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, partners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = partners  # type: ignore[attr-defined]


class EndorseOnBehalfForm(EndorseForm):
    reason = forms.CharField(
        label="Why are you recording this on the partner's behalf?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter why you are endorsing on this partner's behalf"},
    )
    delegation = forms.CharField(
        label="The delegation this relies on",
        help_text="Who delegated, to whom, and when.",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Enter the delegation this relies on"},
    )


class LimitForm(forms.Form):
    limit = forms.IntegerField(
        label="Warn when a review has more recommendations than",
        min_value=1,
        max_value=50,
        error_messages={
            "required": "Enter a number",
            "min_value": "Enter a number between 1 and 50",
            "max_value": "Enter a number between 1 and 50",
            "invalid": "Enter a whole number",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
