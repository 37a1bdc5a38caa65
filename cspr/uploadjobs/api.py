"""What an upload point calls: ``submit`` in the POST (after the cheap checks), ``respond`` on its
progress page (waiting, refused with the message on the upload form, or on to the next page)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cspr.accounts.models import User
from cspr.ui.govuk_forms import error_summary_params
from cspr.uploadjobs.models import JobState, UploadJob
from cspr.uploadjobs.tasks import read_upload

LOST = "The selected file could not be checked. Upload it again"


def submit(*, handler: str, user: User, data: bytes, original_name: str, target: dict[str, Any]) -> UploadJob:
    """Store the bytes and queue the read. With the immediate task backend (tests, ``make run``
    without a worker) the job is already finished when this returns."""
    job = UploadJob.objects.create(
        purpose=handler, user=user, target=target, data=data, original_name=original_name[:300]
    )
    read_upload.enqueue(str(job.pk))
    job.refresh_from_db(fields=["state", "message", "outcome", "finished_at"])
    return job


def respond(
    request: HttpRequest,
    job: UploadJob,
    *,
    refused: Callable[[str], HttpResponse],
    context: dict[str, Any],
) -> HttpResponse:
    """The progress page while the worker reads the file; its script (``uploadjobs/progress.js``)
    asks ``?poll=1`` for ``{"waiting": …}`` and reloads the page once the answer is no."""
    if request.GET.get("poll"):
        return JsonResponse({"waiting": job.state == JobState.WAITING and not job.lost})
    if job.state == JobState.REFUSED:
        return refused(job.message)
    if job.lost:
        # Closed as refused, so a worker that reaches it late does not store what was asked again.
        UploadJob.objects.filter(pk=job.pk, state=JobState.WAITING).update(
            state=JobState.REFUSED, message=LOST, data=b"", finished_at=timezone.now()
        )
        return refused(LOST)
    if job.state == JobState.DONE:
        for warning in job.outcome.get("warnings", []):
            messages.warning(request, warning)
        if job.outcome.get("success"):
            messages.success(request, job.outcome["success"])
        return redirect(job.outcome["next"])
    return render(request, "uploadjobs/waiting.html", {**context, "job": job})


def refusal_on(form: forms.BaseForm, field: str, message: str) -> dict[str, Any]:
    """The upload form shown again (unbound: the file has to be chosen again) with the refusal on
    ``field``; returns the context keys the page needs for the error summary."""
    form.cleaned_data = {}
    form.add_error(field, message)
    return {"form": form, "error_summary": error_summary_params(form), "form_has_errors": True}
