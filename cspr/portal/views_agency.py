"""The agency's pages: their requests, answering online or in Word, no involvement, uploads."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cspr.accounts.models import User
from cspr.audit import log as audit
from cspr.cases.transitions import ActionRefused
from cspr.portal import actions, states, uploads, word_return
from cspr.portal.access import agency_request_for_user, agency_upload_for_user, requests_for_agency_user
from cspr.portal.forms import NoInvolvementForm, ScopingAnswerForm, SubmitForm, UploadForm, scoping_initial
from cspr.portal.forms_registry import completeness_problems, kind_for
from cspr.portal.models import InformationRequest, RequestState, UploadKind
from cspr.portal.views_common import (
    answer_rows,
    document_response,
    file_response,
    request_context,
    the_user,
)
from cspr.ui.render import page

TRACKER_MIN_ROWS = 3


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
    audit.log_access(actor=user, what="portal_request", case=info.case, obj=info)
    context = request_context(info)
    context.update({"editable": info.state in states.EDITABLE, "kind": kind_for(info), "answers": answer_rows(info)})
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


def _editable(info: InformationRequest) -> None:
    if info.state not in states.EDITABLE:
        raise Http404("This request is not waiting for an answer.")


def _answer_form(info: InformationRequest, data: Any = None) -> ScopingAnswerForm:
    people = list(info.case.people.all())
    rows = max(TRACKER_MIN_ROWS, info.learning_actions.count() + 1)
    if data is not None:
        # Keep every row the person filled in when they asked for another one.
        rows = max(rows, int(data.get("tracker_rows", rows) or rows))
        if "add_row" in data:
            rows += 1
    return ScopingAnswerForm(
        data, request=info, people=people, tracker_rows=min(rows, 30), initial=scoping_initial(info, people)
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, request_id: int) -> HttpResponse:
    user = the_user(request)
    info = _opened(user, request_id)
    kind = kind_for(info)
    if kind is None:
        raise Http404("This request cannot be answered online yet.")
    _editable(info)
    form = _answer_form(info, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_draft(
                info, form.answers(), form.tracker_values(), acting_user=user, version=form.cleaned_data["version"]
            )
        except actions.StaleDraft:
            form.add_error(
                None,
                "Someone else in your agency saved this form after you opened it. Reload the page to see their changes",
            )
        else:
            if "add_row" in request.POST:
                messages.success(request, "Your answers have been saved. A new learning point row has been added")
                return redirect(f"{request.path}?rows={form.tracker_rows + 1}#tracker")
            if "continue" in request.POST:
                return redirect("portal:check", request_id=info.pk)
            messages.success(request, "Your answers have been saved as a draft. You can come back to them at any time")
            return redirect("portal:request", request_id=info.pk)
    if request.method == "GET" and request.GET.get("rows", "").isdigit():
        form = ScopingAnswerForm(
            request=info,
            people=list(info.case.people.all()),
            tracker_rows=min(30, max(form.tracker_rows, int(request.GET["rows"]))),
            initial=scoping_initial(info, list(info.case.people.all())),
        )
    context = request_context(info)
    context["form"] = form
    return page(request, kind.answer_template, context, forms_=(form,))


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
    user = the_user(request)
    info = _opened(user, request_id)
    kind = kind_for(info)
    if kind is None:
        raise Http404("This request cannot be answered online yet.")
    _editable(info)
    form = SubmitForm(request.POST or None, initial=_submit_initial(info))
    problems = completeness_problems(info)
    if request.method == "POST" and form.is_valid():
        if problems:
            form.add_error(None, "Complete the form before you submit it")
        else:
            try:
                actions.submit_return(
                    info,
                    records_secured_on=form.cleaned_data["records_secured_on"],
                    records_secured_by=form.cleaned_data["records_secured_by"],
                    kept_separate=form.cleaned_data["kept_separate"],
                    acting_user=user,
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, "Your return has been sent to the partnership")
                return redirect("portal:request", request_id=info.pk)
    context = request_context(info)
    context.update({"form": form, "problems": problems, "answers": answer_rows(info)})
    return page(request, kind.check_template, context, forms_=(form,))


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
    _editable(info)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        handled = _handle_upload(request, info, form)
        if handled is not None:
            return handled
    context = request_context(info)
    context["form"] = form
    return page(request, "portal/agency/upload.html", context, forms_=(form,))


def _handle_upload(request: HttpRequest, info: InformationRequest, form: UploadForm) -> HttpResponse | None:
    user = the_user(request)
    incoming = form.cleaned_data["file"]
    if incoming.size > uploads.MAX_UPLOAD_BYTES:
        form.add_error("file", f"The selected file must be smaller than {uploads.MAX_UPLOAD_BYTES // (1024 * 1024)}MB")
        return None
    data = incoming.read(uploads.MAX_UPLOAD_BYTES + 1)
    is_return = form.cleaned_data["kind"] == UploadKind.WORD_RETURN
    allowed = frozenset({uploads.Kind.DOCX}) if is_return else frozenset(uploads.Kind)
    try:
        inspected = uploads.inspect(data, allowed)
        readback = word_return.read_return(data, info) if is_return else None
    except uploads.UploadRefused as refused:
        form.add_error("file", refused.message)
        return None
    if readback is not None:
        merged = dict(readback.answers)
        merged["records"] = {
            "records_secured_on": readback.records_secured_on.isoformat() if readback.records_secured_on else "",
            "records_secured_by": readback.records_secured_by,
            "kept_separate": bool(readback.kept_separate),
        }
        try:
            actions.save_draft(info, merged, readback.tracker, acting_user=user)
        except (actions.StaleDraft, states.TransitionRefused) as error:
            form.add_error("file", str(error))
            return None
    actions.store_upload(
        info,
        kind=UploadKind(form.cleaned_data["kind"]),
        data=data,
        original_name=incoming.name or "upload",
        content_type=inspected.content_type,
        acting_user=user,
    )
    if readback is None:
        messages.success(request, "Your supporting document has been uploaded")
        return redirect("portal:request", request_id=info.pk)
    for problem in readback.problems:
        messages.warning(request, problem)
    messages.success(request, "We have read your answers from the Word form. Check them before you submit")
    return redirect("portal:check", request_id=info.pk)


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


_ = word_return
