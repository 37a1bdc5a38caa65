"""The report pages' forms (GOV.UK through ``cspr.ui.govuk_forms``)."""

from __future__ import annotations

from typing import Any

from django import forms

from cspr.report.glossary import Row
from cspr.report.models import AcceptReason, MarkerAnswer
from cspr.report.structure import QUALITY_MARKERS


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a draft of the report",
        help_text="A Word (.docx) file, up to 10MB, without macros or a password",
        error_messages={"required": "Select a Word file to upload"},
    )


class AcceptForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is this kept in the report?",
        choices=AcceptReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why this is kept", "invalid_choice": "Select why this is kept"},
    )
    detail = forms.CharField(
        label="More detail",
        help_text="Required when it does not identify anyone for another reason",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == AcceptReason.NOT_IDENTIFYING and not (data.get("detail") or "").strip():
            self.add_error("detail", "Explain why this does not identify anyone")
        return data


class GlossaryForm(forms.Form):
    state = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, data: Any = None, *, rows: list[Row], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.rows = rows
        for i, row in enumerate(rows):
            hint = f"In the record: {row.held}" if row.held else "Replaces every value of this kind not accepted"
            self.fields[f"r{i}"] = forms.CharField(
                label=row.label,
                help_text=hint,
                max_length=200,
                initial=row.replacement,
                error_messages={"required": f"Enter what replaces {row.label.lower()}"},
            )

    def replacements(self) -> dict[str, str]:
        return {row.key: self.cleaned_data[f"r{i}"] for i, row in enumerate(self.rows)}


class QualityForm(forms.Form):
    state = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        for n, question in enumerate(QUALITY_MARKERS, start=1):
            self.fields[f"q{n}"] = forms.ChoiceField(
                label=f"{n}. {question}",
                choices=MarkerAnswer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Answer question {n}", "invalid_choice": f"Answer question {n}"},
            )
            self.fields[f"notes{n}"] = forms.CharField(
                label=f"Notes on question {n}",
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def answers(self) -> dict[int, tuple[str, str]]:
        d = self.cleaned_data
        return {n: (d[f"q{n}"], d[f"notes{n}"]) for n in range(1, len(QUALITY_MARKERS) + 1)}
