"""Turns Django bound fields into GOV.UK Frontend macro parameters, and a form into the error summary.

A template renders a field with::

    {{ field_macro(form.name)(govuk_field(form.name)) }}

or, more simply, ``{{ ui.field(form.name) }}`` from ``ui/forms.html``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from markupsafe import Markup

from cspr.ui.widgets import GovukDateInput


def _input_id(bf: forms.BoundField) -> str:
    return bf.auto_id or bf.html_name


def first_input_id(bf: forms.BoundField) -> str:
    """The element the error summary links to (the first input of a group)."""
    widget = bf.field.widget
    if isinstance(widget, GovukDateInput):
        return f"{_input_id(bf)}-day"
    return _input_id(bf)


def _error(bf: forms.BoundField) -> dict[str, str] | None:
    if not bf.errors:
        return None
    return {"text": str(bf.errors[0])}


def _label(bf: forms.BoundField, *, is_page_heading: bool = False) -> dict[str, Any]:
    label: dict[str, Any] = {"text": str(bf.label)}
    if is_page_heading:
        label.update({"isPageHeading": True, "classes": "govuk-label--l"})
    return label


def _hint(bf: forms.BoundField) -> dict[str, str] | None:
    return {"text": str(bf.help_text)} if bf.help_text else None


def field_params(bf: forms.BoundField, **overrides: Any) -> dict[str, Any]:
    widget = bf.field.widget
    name = bf.html_name
    params: dict[str, Any] = {
        "id": _input_id(bf),
        "name": name,
        "hint": _hint(bf),
        "errorMessage": _error(bf),
    }
    value = bf.value()
    if isinstance(widget, GovukDateInput):
        parts = widget.parts(value)
        params.pop("id")
        params["id"] = _input_id(bf)
        params["namePrefix"] = name
        params["fieldset"] = {"legend": {"text": str(bf.label), "classes": "govuk-fieldset__legend--s"}}
        params["items"] = [
            {
                "name": "day",
                "label": "Day",
                "value": parts[0],
                "classes": "govuk-input--width-2" + (" govuk-input--error" if bf.errors else ""),
                "id": f"{_input_id(bf)}-day",
            },
            {
                "name": "month",
                "label": "Month",
                "value": parts[1],
                "classes": "govuk-input--width-2" + (" govuk-input--error" if bf.errors else ""),
                "id": f"{_input_id(bf)}-month",
            },
            {
                "name": "year",
                "label": "Year",
                "value": parts[2],
                "classes": "govuk-input--width-4" + (" govuk-input--error" if bf.errors else ""),
                "id": f"{_input_id(bf)}-year",
            },
        ]
    elif isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        selected = {str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v is not None}
        params.pop("id")
        params["idPrefix"] = _input_id(bf)
        params["fieldset"] = {"legend": {"text": str(bf.label), "classes": "govuk-fieldset__legend--s"}}
        params["items"] = [
            {"value": str(choice_value), "text": str(choice_label), "checked": str(choice_value) in selected}
            for choice_value, choice_label in bf.field.choices  # type: ignore[attr-defined]
            if str(choice_value) != ""
        ]
    elif isinstance(widget, forms.CheckboxInput):
        params.pop("id")
        params["idPrefix"] = _input_id(bf)
        params["items"] = [{"value": "on", "text": str(bf.label), "checked": bool(value), "hint": _hint(bf)}]
        params["hint"] = None
    elif isinstance(widget, forms.Select):
        params["label"] = _label(bf)
        params["items"] = [
            {"value": str(v), "text": str(lbl), "selected": str(v) == str(value if value is not None else "")}
            for v, lbl in bf.field.choices  # type: ignore[attr-defined]
        ]
    else:
        params["label"] = _label(bf)
        params["value"] = "" if value is None else str(value)
        params["type"] = getattr(widget, "input_type", "text") if not isinstance(widget, forms.Textarea) else None
        if isinstance(widget, forms.PasswordInput):
            params["value"] = ""
        autocomplete = widget.attrs.get("autocomplete")
        if autocomplete:
            params["autocomplete"] = autocomplete
        if widget.attrs.get("class"):
            params["classes"] = widget.attrs["class"]
    params.update(overrides)
    return params


_MACROS = {
    "date": "govukDateInput",
    "radios": "govukRadios",
    "checkboxes": "govukCheckboxes",
    "select": "govukSelect",
    "textarea": "govukTextarea",
    "password": "govukPasswordInput",
    "file": "govukFileUpload",
    "input": "govukInput",
}


def macro_name(bf: forms.BoundField) -> str:
    widget = bf.field.widget
    if isinstance(widget, GovukDateInput):
        return _MACROS["date"]
    # CheckboxSelectMultiple is a subclass of RadioSelect in Django: ask for it first, or a
    # "select all that apply" question renders as radios and allows one answer.
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
        return _MACROS["checkboxes"]
    if isinstance(widget, forms.RadioSelect):
        return _MACROS["radios"]
    if isinstance(widget, forms.Select):
        return _MACROS["select"]
    if isinstance(widget, forms.Textarea):
        return _MACROS["textarea"]
    if isinstance(widget, forms.PasswordInput):
        return _MACROS["password"]
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return _MACROS["file"]
    return _MACROS["input"]


def macro_for(bf: forms.BoundField) -> str:
    return macro_name(bf)


def error_summary_params(form: forms.BaseForm, *extra_forms: forms.BaseForm) -> dict[str, Any] | None:
    items: list[dict[str, str]] = []
    for f in (form, *extra_forms):
        for error in f.non_field_errors():
            items.append({"text": str(error), "href": "#main-content"})
        for bf in f:
            if bf.errors:
                items.append({"text": str(bf.errors[0]), "href": f"#{first_input_id(bf)}"})
    if not items:
        return None
    return {"titleText": "There is a problem", "errorList": items}


def has_errors(*forms_: forms.BaseForm) -> bool:
    return any(f.is_bound and f.errors for f in forms_)


RenderFn = Callable[..., Markup]
_ = dt
