"""Forms of the chronology pages, with GOV.UK error wording."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from cspr.chronology.dates import DateError, FuzzyDate, parse_date, parse_time
from cspr.chronology.models import ChildSeen, EntryKind
from cspr.organisations.models import Agency
from cspr.ui.widgets import GovukDateField


class AgencyChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class EntryForm(forms.Form):
    agency = AgencyChoice(queryset=Agency.objects.none(), error_messages={"required": "Select the agency"})
    kind = forms.ChoiceField(
        choices=EntryKind.choices, initial=EntryKind.KEY_EVENT, widget=forms.RadioSelect, label="Kind of entry"
    )
    date_text = forms.CharField(
        label="Date",
        max_length=60,
        help_text="For example, 27/03/2019. If you only know the month or season write “May 2016” or “Spring 2019”; "
        "mark an uncertain date with a question mark, as in “?May 2016”.",
        error_messages={"required": "Enter the date"},
    )
    time = forms.CharField(label="Time (optional)", required=False, max_length=10, help_text="For example, 14:30")
    source = forms.CharField(
        label="Source of information", max_length=300, error_messages={"required": "Enter the source of information"}
    )
    child_seen = forms.ChoiceField(
        label="Was the child seen alone?",
        choices=[
            (ChildSeen.SEEN_ALONE, "Seen alone"),
            (ChildSeen.SEEN_NOT_ALONE, "Seen, not alone"),
            (ChildSeen.NOT_SEEN, "Not seen"),
            ("", "Not recorded"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    child_contact = forms.CharField(
        label="Contact with the child and by whom", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    family_contact = forms.CharField(
        label="Contact with family members (which family member) and by whom",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    key_event = forms.CharField(
        label="Key event or action undertaken",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the key event or action undertaken"},
    )
    comment = forms.CharField(
        label="Comment and analysis, including potential areas for learning",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies

    def clean_date_text(self) -> FuzzyDate:
        try:
            when = parse_date(self.cleaned_data["date_text"])
        except DateError as error:
            raise forms.ValidationError(str(error)) from None
        if when.date_from > timezone.localdate():
            raise forms.ValidationError("The date must be today or in the past")
        return when

    def clean_time(self) -> dt.time | None:
        try:
            return parse_time(self.cleaned_data["time"])
        except DateError as error:
            raise forms.ValidationError(str(error)) from None

    def entry_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        when: FuzzyDate = data["date_text"]
        return {
            "agency": data["agency"],
            "kind": data["kind"],
            "date_text": when.text,
            "precision": when.precision,
            "uncertain": when.uncertain,
            "date_from": when.date_from,
            "date_to": when.date_to,
            "time": data["time"] or when.time,
            "source": data["source"],
            "child_seen": data["child_seen"] or "",
            "child_contact": data["child_contact"],
            "family_contact": data["family_contact"],
            "key_event": data["key_event"],
            "comment": data["comment"],
        }


class UploadForm(forms.Form):
    agency = AgencyChoice(
        queryset=Agency.objects.none(),
        label="Agency that completed the chronology",
        error_messages={"required": "Select the agency"},
    )
    file = forms.FileField(
        label="Completed chronology (Word or Excel)",
        help_text="The Document 10 template, saved as .docx or .xlsx, smaller than 5 MB",
        error_messages={"required": "Select the completed chronology"},
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies


class ReviewPeriodForm(forms.Form):
    start = GovukDateField(label="Start of the review period", required=False, label_for_errors="the start date")
    end = GovukDateField(label="End of the review period", required=False, label_for_errors="the end date")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end of the review period must be the same as or after the start")
        return data


class FilterForm(forms.Form):
    agency = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label="Agencies"
    )
    after = forms.CharField(label="From", required=False, help_text="For example, 01/01/2019")
    before = forms.CharField(label="To", required=False, help_text="For example, 31/12/2020")
    period = forms.BooleanField(label="Only entries inside the review period", required=False)
    show = forms.ChoiceField(
        label="Show",
        choices=[
            ("", "All entries"),
            ("key", "Key practice learning events only"),
            ("duplicates", "Possible duplicates only"),
            ("org_change", "Organisational changes only"),
        ],
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by("name")
        field.label_from_instance = lambda obj: obj.name  # type: ignore[method-assign]

    def _date(self, name: str, last: bool) -> dt.date | None:
        raw = self.cleaned_data.get(name) or ""
        if not raw:
            return None
        try:
            when = parse_date(raw)
        except DateError as error:
            raise forms.ValidationError(str(error)) from None
        return when.date_to if last else when.date_from

    def clean_after(self) -> dt.date | None:
        return self._date("after", last=False)

    def clean_period(self) -> bool:
        # A checkbox sends "on" or nothing; anything else in the address is refused, not read as "yes".
        raw = self.data.get(self.add_prefix("period"))
        if raw not in (None, "", "on", "true", "True", "1"):
            raise forms.ValidationError("Select or clear 'Only entries inside the review period'")
        return bool(self.cleaned_data.get("period"))

    def clean_before(self) -> dt.date | None:
        return self._date("before", last=True)
