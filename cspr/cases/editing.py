"""Shared plumbing for case edit pages: one form page, action errors mapped onto the form.

``edit_page`` runs the usual GET/POST cycle. The action's refusals (``ValidationError``, a stage
error, a stale edit) appear in the GOV.UK error summary with everything the user typed kept; a
stale edit also moves the form onto the current version so a deliberate second save goes through.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from cspr.accounts.models import User
from cspr.cases.concurrency import StaleEdit
from cspr.cases.models import Case
from cspr.ui.render import page


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def add_action_errors(form: forms.BaseForm, error: Exception) -> None:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errs in error.error_dict.items():
            for e in errs:
                text = " ".join(e.messages)
                form.add_error(field if field in form.fields else None, text)
    elif isinstance(error, ValidationError):
        for text in error.messages:
            form.add_error(None, text)
    else:
        form.add_error(None, str(error))


def edit_page(
    request: HttpRequest,
    case: Case | None,
    *,
    make_form: Callable[[Any], forms.BaseForm],
    save: Callable[[forms.BaseForm], Any],
    done_url: str,
    title: str,
    submit: str = "Save",
    intro: list[str] | None = None,
    success: str = "",
    extra: dict[str, Any] | None = None,
    template: str = "cases/form.html",
    on_saved: Callable[[Any], str] | None = None,
    redirect_to: Callable[[Any], str] | None = None,
) -> HttpResponse:
    form = make_form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form)
        except StaleEdit as stale:
            data = request.POST.copy()
            data["version"] = str(stale.current)
            form = make_form(data)
            form.is_valid()
            form.add_error(None, str(stale))
        except ValidationError as error:  # an ActionRefused is one too
            add_action_errors(form, error)
        else:
            note = on_saved(result) if on_saved else ""
            if success:
                messages.success(request, success.format(result=result))
            if note:
                messages.warning(request, note)
            return redirect(redirect_to(result) if redirect_to else done_url)
    context = {"case": case, "form": form, "title": title, "submit": submit, "intro": intro or [], "back": done_url}
    context.update(extra or {})
    return page(request, template, context, forms_=(form,))
