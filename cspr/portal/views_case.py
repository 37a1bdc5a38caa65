"""The coordinator's pages on a case: send, see where each request stands, review, escalate,
collate the answers and the immediate-learning action tracker."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods, require_POST

from cspr.access import get_case_for_user
from cspr.cases.models import Case
from cspr.changes import fragments
from cspr.portal import actions, escalation, states
from cspr.portal.access import case_request_for_user
from cspr.portal.forms import EscalateForm, OutcomeForm, ReviewForm, SendScopingForm
from cspr.portal.glance import glance_rows
from cspr.portal.kinds.registry import REGISTRY
from cspr.portal.kinds.scoping import learning_actions
from cspr.portal.models import RETURNED_STATES, CorrectionStatus, InformationRequest, LearningAction, RequestType
from cspr.portal.views_common import (
    answer_rows,
    answers_template,
    document_response,
    file_response,
    request_context,
    the_user,
)
from cspr.ui.render import page
from cspr.ui.wording import plural


@login_required
def case_requests(request: HttpRequest, reference: str) -> HttpResponse:
    user = the_user(request)
    case = get_case_for_user(user, reference)
    from cspr.portal.lcspr_requests import lcspr_kinds

    context = {"case": case, "rows": glance_rows(case), "lcspr_kinds": lcspr_kinds()}
    return render(request, "portal/case/requests.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def send_scoping(request: HttpRequest, reference: str) -> HttpResponse:
    user = the_user(request)
    case = get_case_for_user(user, reference, write=True)
    already = set(
        InformationRequest.objects.filter(case=case, request_type=RequestType.SCOPING)
        .exclude(state="draft")
        .values_list("agency_id", flat=True)
    )
    choices = actions.askable_agencies(case).exclude(pk__in=already).select_related("partnership").order_by("name")
    involved = list(case.agencies_involved.values_list("agency_id", flat=True))
    sent_before = InformationRequest.objects.filter(case=case, request_type=RequestType.SCOPING).first()
    initial: dict[str, Any] = {"agencies": involved}
    if sent_before is not None:
        initial.update({"case_summary": sent_before.case_summary, "time_period": sent_before.time_period})
    form = SendScopingForm(
        request.POST or None, agencies=choices, initial=initial, lead_partnership_id=case.lead_partnership_id
    )
    problems = actions.family_composition_problems(case)
    if request.method == "POST" and form.is_valid():
        try:
            sent = actions.send_scoping_requests(
                case,
                form.cleaned_data["agencies"],
                acting_user=user,
                case_summary=form.cleaned_data["case_summary"],
                time_period=form.cleaned_data["time_period"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"Scoping requests sent to {plural(len(sent), 'agency')}")
            return redirect("portal:case_requests", reference=case.reference)
    return page(request, "portal/case/send.html", {"case": case, "form": form, "problems": problems}, forms_=(form,))


@login_required
def case_request(request: HttpRequest, reference: str, request_id: int) -> HttpResponse:
    user = the_user(request)
    case, info = case_request_for_user(user, reference, request_id)

    def parts() -> tuple[object, ...]:
        return (info.pk, fragments.case_stamp(case.pk), fragments.reference_stamp())

    def build() -> str:
        context = request_context(info)
        context.update(
            {
                "answers": answer_rows(info),
                "answers_template": answers_template(info),
                "corrections": list(info.corrections.select_related("person")),
                "events": list(info.events.order_by("id")),
                "reminders": list(info.reminders.all()),
                "escalations": list(info.escalations.all()),
                "uploads": list(info.uploads.all()),
                "can_review": states.allowed("accept", info.state) and actions.may_review(info, user),
                "can_escalate": escalation.can_escalate(info),
            }
        )
        return render_to_string("portal/case/_request_main.html", context, request=request)

    main_html = fragments.cached("case-request", parts, request, build)
    return render(request, "portal/case/request.html", {"info": info, "case": case, "main_html": main_html})


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, reference: str, request_id: int) -> HttpResponse:
    user = the_user(request)
    case, info = case_request_for_user(user, reference, request_id, write=True)
    if not states.allowed("accept", info.state):
        raise Http404("This request has no return waiting for review.")
    form = ReviewForm(request.POST or None)
    allowed = actions.may_review(info, user)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                actions.accept_return(info, acting_user=user)
                messages.success(request, f"The return from {info.agency.name} has been accepted")
            else:
                actions.request_revision(info, reasons=form.cleaned_data["reasons"], acting_user=user)
                messages.success(request, f"{info.agency.name} has been asked to revise its return")
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return redirect("portal:case_request", reference=case.reference, request_id=info.pk)
    context = request_context(info)
    context.update(
        {"form": form, "answers": answer_rows(info), "answers_template": answers_template(info), "allowed": allowed}
    )
    return page(request, "portal/case/review.html", context, forms_=(form,))


@login_required
@require_POST
def correction(request: HttpRequest, reference: str, request_id: int, correction_id: int) -> HttpResponse:
    user = the_user(request)
    case, info = case_request_for_user(user, reference, request_id, write=True)
    found = info.corrections.filter(pk=correction_id, status=CorrectionStatus.PROPOSED).first()
    if found is None:
        raise Http404("No such proposed correction.")
    decision = request.POST.get("decision")
    if decision not in {"accept", "reject"}:
        messages.error(request, "Select whether to accept or reject the correction")
    else:
        actions.decide_correction(found, accept=decision == "accept", acting_user=user)
        messages.success(
            request, "The correction has been accepted" if decision == "accept" else "The correction has been rejected"
        )
    return redirect("portal:case_request", reference=case.reference, request_id=info.pk)


@login_required
@require_http_methods(["GET", "POST"])
def escalate(request: HttpRequest, reference: str, request_id: int) -> HttpResponse:
    user = the_user(request)
    case, info = case_request_for_user(user, reference, request_id, write=True)
    current = escalation.current_escalation(info)
    step = escalation.next_step(info)
    posted = request.POST if request.method == "POST" else None
    is_outcome = posted is not None and "record_outcome" in posted
    escalate_form = EscalateForm(None if is_outcome else posted)
    outcome_form = OutcomeForm(posted if is_outcome else None)
    if posted is not None:
        form = outcome_form if is_outcome else escalate_form
        if form.is_valid():
            try:
                if is_outcome:
                    if current is None:
                        raise ValidationError("There is no escalation step to record an outcome for")
                    escalation.record_outcome(
                        current,
                        outcome=form.cleaned_data["outcome"],
                        resolved=form.cleaned_data["resolved"],
                        acting_user=user,
                    )
                    messages.success(request, "The outcome has been recorded")
                else:
                    taken = escalation.escalate(info, reason=form.cleaned_data["reason"], acting_user=user)
                    messages.success(request, f"{taken.get_step_display()}: the letter has been sent")
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                return redirect("portal:escalate", reference=case.reference, request_id=info.pk)
    context = request_context(info)
    context.update(
        {
            "escalate_form": escalate_form,
            "outcome_form": outcome_form,
            "escalations": list(info.escalations.all()),
            "next_step": step,
            "can_escalate": escalation.can_escalate(info),
            "current": current,
        }
    )
    return page(request, "portal/case/escalate.html", context, forms_=(escalate_form, outcome_form))


@login_required
def collated(request: HttpRequest, reference: str, kind: str) -> HttpResponse:
    """Every returned request of one kind on the case, answers side by side (the kind decides how)."""
    user = the_user(request)
    case = get_case_for_user(user, reference)
    request_kind = REGISTRY.get(kind)
    if request_kind is None:
        raise Http404("No such kind of request.")
    returned = (
        InformationRequest.objects.filter(case=case, request_type=request_kind.key, state__in=RETURNED_STATES)
        .select_related("agency")
        .order_by("agency__name")
    )
    context = {"case": case, "kind": request_kind, **request_kind.collated(case, returned)}
    return render(request, request_kind.collated_template, context)


def _tracker(case: Case) -> list[LearningAction]:
    return learning_actions(case)


@login_required
def tracker(request: HttpRequest, reference: str) -> HttpResponse:
    user = the_user(request)
    case = get_case_for_user(user, reference)
    rows = _tracker(case)
    by_agency: dict[str, list[LearningAction]] = {}
    for row in rows:
        by_agency.setdefault(row.request.agency.name, []).append(row)
    counts = {rag: sum(1 for r in rows if r.rag == rag) for rag in ("R", "A", "G", "P")}
    by_date = sorted(rows, key=lambda r: (r.target_date is None, r.target_date or dt.date.max, r.request.agency.name))
    context = {"case": case, "by_agency": by_agency, "rows": rows, "by_date": by_date, "counts": counts}
    return render(request, "portal/case/tracker.html", context)


@login_required
def case_document(request: HttpRequest, reference: str, request_id: int, kind: str) -> HttpResponse:
    user = the_user(request)
    _, info = case_request_for_user(user, reference, request_id)
    return document_response(user, info, kind)


@login_required
def case_download(request: HttpRequest, reference: str, request_id: int, upload_id: int) -> HttpResponseBase:
    user = the_user(request)
    _, info = case_request_for_user(user, reference, request_id)
    found = info.uploads.filter(pk=upload_id).first()
    if found is None:
        raise Http404("No such file.")
    return file_response(user, found)
