"""Rendering pages with forms: the error summary and the "Error: " title prefix come for free."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cspr.ui.govuk_forms import error_summary_params


def page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    forms_: tuple[forms.BaseForm, ...] = (),
    status: int | None = None,
) -> HttpResponse:
    context = dict(context or {})
    bound = [f for f in forms_ if f.is_bound]
    summary = error_summary_params(*bound) if bound else None
    context.setdefault("error_summary", summary)
    context.setdefault("form_has_errors", summary is not None)
    if status is None:
        status = 400 if summary is not None and request.method == "POST" else 200
    return render(request, template, context, status=status)
