"""Every multiple-choice field of every form renders as GOV.UK checkboxes and keeps two answers.

Django's ``CheckboxSelectMultiple`` is a subclass of ``RadioSelect``; the adapter once asked for
radios first, so "Select all that apply" allowed one answer. This test finds the fields itself
(every form class in ``cspr``), so a new multiple-choice field is covered without a new test.
"""

from __future__ import annotations

import copy
import importlib
import pkgutil
import re
from typing import Any

import pytest
from django import forms
from django.http import QueryDict
from django.template import engines
from django.urls import reverse

import cspr
from cspr.accounts.roles import Role
from tests.world import World


def _import_every_module() -> None:
    for info in pkgutil.walk_packages(cspr.__path__, "cspr."):
        if ".migrations" in info.name or info.name.endswith(("asgi", "wsgi")):
            continue
        # The load test's script is run by locust, never imported: importing locust monkey-patches the
        # whole process with gevent, and every later test's database connection breaks.
        if info.name == "cspr.scale.locustfile":
            continue
        importlib.import_module(info.name)


def _subclasses(cls: type) -> set[type]:
    found: set[type] = set()
    sub: type
    for sub in cls.__subclasses__():
        found.add(sub)
        found |= _subclasses(sub)
    return found


def _is_multiple(field: forms.Field) -> bool:
    return isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField) or isinstance(
        field.widget, forms.CheckboxSelectMultiple
    )


def multiple_choice_fields() -> list[tuple[str, str, forms.Field]]:
    """(form class, field name, field) for every multiple-choice field declared by a form of ours."""
    _import_every_module()
    found = []
    for form_class in _subclasses(forms.BaseForm):
        if not form_class.__module__.startswith("cspr."):
            continue
        for name, field in form_class.base_fields.items():  # type: ignore[attr-defined]
            if _is_multiple(field):
                found.append((f"{form_class.__module__}.{form_class.__qualname__}", name, field))
    return sorted(found, key=lambda item: (item[0], item[1]))


def _render(bound: forms.BoundField) -> str:
    template = engines["jinja2"].from_string('{% import "ui/forms.html" as ui %}{{ ui.field(bf) }}')
    return str(template.render({"bf": bound}))


def _probe(name: str, field: forms.Field) -> tuple[type[forms.Form], list[str]]:
    """A form holding a copy of the field, with real choices (querysets emptied until __init__ are filled)."""
    field = copy.deepcopy(field)
    if isinstance(field, forms.ModelMultipleChoiceField):
        assert field.queryset is not None
        field.queryset = field.queryset.model._default_manager.order_by("pk")
    elif not list(field.choices):  # type: ignore[attr-defined]
        # Choices filled in the form's __init__ from the record (e.g. the nominations to invite).
        field.choices = [("first", "First choice"), ("second", "Second choice")]  # type: ignore[attr-defined]
    values = [str(value) for value, _ in field.choices if str(value) != ""]  # type: ignore[attr-defined]
    return type("Probe", (forms.Form,), {name: field}), values


@pytest.mark.django_db
def test_every_multiple_choice_field_renders_as_checkboxes_and_keeps_two_answers(world: World) -> None:
    fields = multiple_choice_fields()
    # The forms known today: scoping (two paths), household members, chronology filter, "Should we
    # notify?", Document 4 criteria and the decision. Finding fewer means the walk lost some.
    assert len(fields) >= 7, fields
    problems: list[str] = []
    for where, name, field in fields:
        probe, values = _probe(name, field)
        assert len(values) >= 2, f"{where}.{name}: fewer than two choices to try"
        html = _render(probe()[name])
        if "govuk-checkboxes" not in html or 'type="radio"' in html or "<select" in html:
            problems.append(f"{where}.{name} does not render as GOV.UK checkboxes")
            continue
        offered = re.findall(rf'<input[^>]*name="{name}"[^>]*type="checkbox"[^>]*>', html)
        if len(offered) != len(values):
            problems.append(f"{where}.{name}: {len(offered)} checkboxes for {len(values)} choices")
        chosen = values[:2]
        data = QueryDict(mutable=True)
        data.setlist(name, chosen)
        bound_form = probe(data)
        if not bound_form.is_valid():
            problems.append(f"{where}.{name}: two answers refused: {bound_form.errors.as_text()}")
            continue
        kept = bound_form.cleaned_data[name]
        kept_values = sorted(str(getattr(v, "pk", v)) for v in kept)
        if kept_values != sorted(chosen):
            problems.append(f"{where}.{name}: kept {kept_values}, chose {chosen}")
        again = _render(bound_form[name])
        checked = re.findall(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"[^>]*checked', again)
        if sorted(checked) != sorted(chosen):
            problems.append(f"{where}.{name}: re-shown with {checked} ticked, chose {chosen}")
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db
def test_scoping_page_offers_every_agency_as_a_checkbox(world: Any, client: Any) -> None:
    """The page a coordinator uses: the partnership's two agencies can be chosen at once."""
    case = world.cases["own"]
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    html = client.get(reverse("rapidreview:scoping", kwargs={"reference": case.reference})).content.decode()
    assert len(re.findall(r'<input[^>]*name="agencies"[^>]*type="checkbox"', html)) >= 2
    assert 'name="agencies" type="radio"' not in html
