"""The agency's pages: their requests, answering online or in Word, no involvement, uploads."""

from __future__ import annotations

import contextlib
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from cspr.accounts.models import User
from cspr.cases.transitions import ActionRefused
from cspr.filesafety.check import first_bytes
from cspr.portal import actions, states, upload_jobs, uploads
from cspr.portal.access import agency_request_for_user, agency_upload_for_user, requests_for_agency_user
from cspr.portal.forms import NoInvolvementForm, SubmitForm, UploadForm
from cspr.portal.kinds.base import SAVED_SECTIONS, RequestKind, WordForm
from cspr.portal.kinds.registry import kind_for
from cspr.portal.models import InformationRequest, RequestState
from cspr.portal.views_common import (
    answer_rows,
    answers_template,
    document_response,
    file_response,
    request_context,
    the_user,
)
from cspr.ui.render import page
from cspr.uploadjobs import api as jobs
from cspr.uploadjobs.models import JobState, UploadJob


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = the_user(request)
    found = list(requests_for_agency_user(user).order_by("-sent_at"))
    waiting = [r for r in found if r.outstanding]
    done = [r for r in found if not r.outstanding]
    return render(request, "portal/agency/home.html", {"waiting": waiting, "done": done})


@login_required
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    user = the_user(request)
    info = _opened(user, request_id)
    context = request_context(info)
    context.update(
        {
            "editable": info.state in states.EDITABLE,
            "answers": answer_rows(info),
            "answers_template": answers_template(info),
        }
    )
    return render(request, "portal/agency/request.html", context)


def _opened(user: User, request_id: int) -> InformationRequest:
    """The agency user's request; the first time any of its pages is seen, it becomes "opened"."""
    info = agency_request_for_user(user, request_id)
    if info.state == RequestState.SENT:
        # On a closed case the request stays "sent": the agency can still read what it was sent.
        with contextlib.suppress(ActionRefused):
            actions.mark_opened(info, acting_user=user)
        info.refresh_from_db()
    return info


def _answerable(user: User, request_id: int) -> tuple[InformationRequest, RequestKind]:
    info = _opened(user, request_id)
    kind = kind_for(info)
    if kind is None:
        raise Http404("This request cannot be answered online yet.")
    if info.state not in states.EDITABLE:
        raise Http404("This request is not waiting for an answer.")
    return info, kind


def _tasks(info: InformationRequest, kind: RequestKind) -> list[dict[str, Any]]:
    """The task list: one group per heading of the kind's form, each section with its status."""
    missing = kind.missing(info)
    answers = info.answers if isinstance(info.answers, dict) else {}
    saved = set(answers.get(SAVED_SECTIONS, []))
    groups: dict[str, list[dict[str, Any]]] = {}
    for section in kind.sections_for(info):
        to_do = [m.message for m in missing if m.section == section.slug]
        status: dict[str, Any]
        if section.slug in saved and not to_do:
            status = {"text": "Completed"}
        elif section.slug in saved:
            status = {"tag": {"text": "Incomplete", "classes": "govuk-tag--light-blue"}}
        else:
            status = {"tag": {"text": "Not yet started", "classes": "govuk-tag--blue"}}
        groups.setdefault(section.group, []).append(
            {
                "title": {"text": section.title},
                "href": reverse("portal:answer_section", args=[info.pk, section.slug]),
                "status": status,
                "hint": {"text": "You must answer this before you submit"} if section.required else None,
            }
        )
    return [{"heading": heading, "items": items} for heading, items in groups.items()]


@login_required
@require_GET
def answer(request: HttpRequest, request_id: int) -> HttpResponse:
    """The task list of the request kind's form."""
    user = the_user(request)
    info, kind = _answerable(user, request_id)
    context = request_context(info)
    missing = kind.missing(info)
    context.update({"groups": _tasks(info, kind), "missing_count": len(missing)})
    return render(request, "portal/agency/tasks.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def answer_section(request: HttpRequest, request_id: int, section: str) -> HttpResponse:
    """One section of the form, saved as a draft on its own."""
    user = the_user(request)
    info, kind = _answerable(user, request_id)
    found = kind.section(info, section)
    if found is None:
        raise Http404("No such section.")
    form = found.form(info, request.POST if request.method == "POST" else None, request.GET)
    if request.method == "POST" and form.is_valid():
        answers = dict(info.answers) if isinstance(info.answers, dict) else {}
        answers.update(form.answers())
        answers[SAVED_SECTIONS] = sorted({*answers.get(SAVED_SECTIONS, []), found.slug})
        try:
            actions.save_draft(
                info, answers, form.tracker_values(), acting_user=user, version=form.cleaned_data["version"]
            )
        except actions.StaleDraft:
            form.add_error(
                None,
                "Someone else in your agency saved this form after you opened it. Reload the page to see their changes",
            )
        except states.TransitionRefused:
            # Submitted, withdrawn or closed by someone else after this page was opened (make attack found
            # the 500 this used to be): what was typed stays on the page.
            form.add_error(
                None,
                "This request can no longer be changed: it was submitted or closed after you opened this page. "
                "Go back to the request to see where it stands",
            )
        else:
            here = reverse("portal:answer_section", args=[info.pk, found.slug])
            if "add_row" in request.POST:
                messages.success(request, "Your answers have been saved. A new learning point row has been added")
                rows = getattr(form, "tracker_rows", 0) + 1
                return redirect(f"{here}?rows={rows}#tracker")
            if "save" in request.POST:
                messages.success(
                    request, "Your answers have been saved as a draft. You can come back to them at any time"
                )
                return redirect("portal:answer", request_id=info.pk)
            following = kind.next_section(info, found.slug)
            if following is None:
                return redirect("portal:check", request_id=info.pk)
            return redirect("portal:answer_section", request_id=info.pk, section=following.slug)
    context = request_context(info)
    context.update({"form": form, "section": found})
    return page(request, found.template, context, forms_=(form,))


def _submit_initial(info: InformationRequest) -> dict[str, Any]:
    records = info.answers.get("records", {}) if isinstance(info.answers, dict) else {}
    initial: dict[str, Any] = {
        "records_secured_by": info.records_secured_by or records.get("records_secured_by", ""),
        "kept_separate": info.kept_separate or bool(records.get("kept_separate")),
    }
    when = info.records_secured_on or records.get("records_secured_on")
    if when:
        initial["records_secured_on"] = when
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, request_id: int) -> HttpResponse:
    """Check your answers: what is still missing (with links to its section), every answer with a
    change link, then the records secured (rule 24, if the kind asks them) and the submit button."""
    user = the_user(request)
    info, kind = _answerable(user, request_id)
    # Bound on every POST: a kind without rule 24's questions posts nothing but the CSRF token.
    form = SubmitForm(
        request.POST if request.method == "POST" else None,
        initial=_submit_initial(info),
        records=kind.asks_records_secured,
    )
    missing = kind.missing(info)
    if request.method == "POST" and form.is_valid():
        if missing:
            form.add_error(None, "Complete the form before you submit it")
        else:
            try:
                actions.submit_return(
                    info,
                    records_secured_on=form.cleaned_data.get("records_secured_on"),
                    records_secured_by=form.cleaned_data.get("records_secured_by", ""),
                    kept_separate=form.cleaned_data.get("kept_separate", False),
                    acting_user=user,
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, "Your return has been sent to the partnership")
                return redirect("portal:request", request_id=info.pk)
    context = request_context(info)
    context.update(
        {"form": form, "missing": missing, "summary": kind.summary(info), "unanswered": kind.unanswered(info)}
    )
    return page(request, "portal/agency/check.html", context, forms_=(form,))


@login_required
@require_http_methods(["GET", "POST"])
def no_involvement(request: HttpRequest, request_id: int) -> HttpResponse:
    user = the_user(request)
    info = _opened(user, request_id)
    if not states.allowed("confirm_no_involvement", info.state):
        raise Http404("This request is not waiting for an answer.")
    form = NoInvolvementForm(
        request.POST or None, initial={"confirmed_by": f"{user.full_name}, {user.job_title}".strip(", ")}
    )
    if request.method == "POST" and form.is_valid():
        actions.confirm_no_involvement(
            info,
            statement=form.cleaned_data["statement"],
            confirmed_by=form.cleaned_data["confirmed_by"],
            acting_user=user,
        )
        messages.success(request, "You have confirmed that your agency has had no involvement")
        return redirect("portal:request", request_id=info.pk)
    context = request_context(info)
    context["form"] = form
    return page(request, "portal/agency/no_involvement.html", context, forms_=(form,))


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, request_id: int) -> HttpResponse:
    user = the_user(request)
    info = _opened(user, request_id)
    if info.state not in states.EDITABLE:
        raise Http404("This request is not waiting for an answer.")
    kind = kind_for(info)
    word_form = kind.word_form if kind is not None else None
    form = UploadForm(
        request.POST or None, request.FILES or None, word_label=word_form.upload_label if word_form else None
    )
    if request.method == "POST" and form.is_valid():
        handled = _handle_upload(request, info, form, word_form)
        if handled is not None:
            return handled
    context = request_context(info)
    context["form"] = form
    return page(request, "portal/agency/upload.html", context, forms_=(form,))


def _handle_upload(
    request: HttpRequest, info: InformationRequest, form: UploadForm, word_form: WordForm | None
) -> HttpResponse | None:
    """Only the cheap checks here; the file is read in the task worker (``cspr.portal.upload_jobs``)
    and the person waits on the progress page, so no upload holds a web worker."""
    user = the_user(request)
    incoming = form.cleaned_data["file"]
    if incoming.size > uploads.MAX_UPLOAD_BYTES:
        form.add_error("file", f"The selected file must be smaller than {uploads.MAX_UPLOAD_BYTES // (1024 * 1024)}MB")
        return None
    data = incoming.read(uploads.MAX_UPLOAD_BYTES + 1)
    upload_kind = form.cleaned_data["kind"]
    try:
        first_bytes(data, upload_jobs.allowed_for(info, upload_kind))
    except uploads.UploadRefused as refused:
        form.add_error("file", refused.message)
        return None
    job = jobs.submit(
        handler=upload_jobs.PURPOSE,
        user=user,
        data=data,
        original_name=incoming.name or "upload",
        target={"request": info.pk, "kind": str(upload_kind)},
    )
    if job.state == JobState.WAITING:
        return redirect("portal:upload_progress", request_id=info.pk, job_id=job.pk)
    return _job_response(request, info, job)


@login_required
@require_GET
def upload_progress(request: HttpRequest, request_id: int, job_id: uuid.UUID) -> HttpResponse:
    """Waiting while the worker reads the file; then the next page, or the upload form with the refusal."""
    user = the_user(request)
    info = _opened(user, request_id)
    job = get_object_or_404(UploadJob, pk=job_id, purpose=upload_jobs.PURPOSE, target__request=info.pk)
    return _job_response(request, info, job)


def _job_response(request: HttpRequest, info: InformationRequest, job: UploadJob) -> HttpResponse:
    def refused(message: str) -> HttpResponse:
        word_form = kind.word_form if (kind := kind_for(info)) is not None else None
        form = UploadForm(
            initial={"kind": job.target.get("kind")}, word_label=word_form.upload_label if word_form else None
        )
        context = request_context(info)
        context.update(jobs.refusal_on(form, "file", message))
        return render(request, "portal/agency/upload.html", context, status=400)

    caption = f"Case {info.case.reference} – {info.agency.name}"
    return jobs.respond(request, job, refused=refused, context={"caption": caption})


@login_required
def document(request: HttpRequest, request_id: int, kind: str) -> HttpResponse:
    user = the_user(request)
    info = _opened(user, request_id)
    if kind == "form" and info.state not in states.EDITABLE:
        raise Http404("This request is not waiting for an answer.")
    return document_response(user, info, kind)


@login_required
def download(request: HttpRequest, request_id: int, upload_id: int) -> HttpResponseBase:
    user = the_user(request)
    found = agency_upload_for_user(user, request_id, upload_id)
    return file_response(user, found)
