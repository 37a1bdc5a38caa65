"""The portal's LCSPR pages: sending a kind of request (chronologies, information reports, learning
templates), staff interviews on the agency's side (rule 55) and disclosure requests (rule 56)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cspr.access import get_case_for_user
from cspr.cases.transitions import ActionRefused
from cspr.organisations.models import Agency
from cspr.portal import actions, disclosure, interviews, states
from cspr.portal.access import agency_request_for_user
from cspr.portal.forms import TEXTAREA, AgencyChoiceField
from cspr.portal.kinds.lcspr import case_background
from cspr.portal.lcspr_requests import already_asked, lcspr_kind, send_lcspr_requests
from cspr.portal.models import DisclosureRequest, DisclosureRequester, RequestType, StaffInterview
from cspr.portal.views_common import request_context, the_user
from cspr.ui.render import page
from cspr.ui.widgets import GovukDateField
from cspr.ui.wording import plural


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


# --- Sending ------------------------------------------------------------------------------------


class SendKindForm(forms.Form):
    agencies = AgencyChoiceField(
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Agencies to send the request to",
        error_messages={"required": "Select at least one agency", "invalid_pk_value": "Select agencies from the list"},
    )
    due_date = GovukDateField(
        label="Deadline for returns",
        help_text="Set for this case (rule 53): the letter, the reminders and the task list give this date.",
        label_for_errors="the deadline",
    )
    case_summary = forms.CharField(
        label="Case summary",
        help_text="Sent with the request: background, the incident and the key questions. Keep it brief and factual.",
        widget=TEXTAREA,
        max_length=20000,
        error_messages={"required": "Enter the case summary"},
    )
    time_period = forms.CharField(
        label="Time period of the review",
        max_length=2000,
        error_messages={"required": "Enter the time period of the review"},
    )

    def __init__(self, *args: Any, agencies: Any, lead_partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agencies"]
        assert isinstance(field, AgencyChoiceField)
        field.queryset = agencies
        field.lead_partnership_id = lead_partnership_id


@login_required
@require_http_methods(["GET", "POST"])
def send_kind(request: HttpRequest, reference: str, kind: str) -> HttpResponse:
    user = the_user(request)
    case = get_case_for_user(user, reference, write=True)
    request_kind = lcspr_kind(kind)
    if request_kind is None:
        raise Http404("No such kind of request.")
    asked = already_asked(case, request_kind).values_list("agency_id", flat=True)
    choices = actions.askable_agencies(case).exclude(pk__in=list(asked)).select_related("partnership").order_by("name")
    initial: dict[str, Any] = {
        "agencies": list(case.agencies_involved.values_list("agency_id", flat=True)),
        **case_background(case),
    }
    form = SendKindForm(
        request.POST or None, agencies=choices, initial=initial, lead_partnership_id=case.lead_partnership_id
    )
    commissioned = case.lcspr_commissioned_date is not None
    if request.method == "POST" and form.is_valid():
        try:
            sent = send_lcspr_requests(
                case,
                request_kind,
                form.cleaned_data["agencies"],
                due_date=form.cleaned_data["due_date"],
                case_summary=form.cleaned_data["case_summary"],
                time_period=form.cleaned_data["time_period"],
                acting_user=user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{request_kind.title} requests sent to {plural(len(sent), 'agency')}")
            return redirect("portal:case_requests", reference=case.reference)
    context = {"case": case, "form": form, "kind": request_kind, "commissioned": commissioned}
    return page(request, "portal/case/send_kind.html", context, forms_=(form,))


# --- Staff interviews (agency side, rule 55) -------------------------------------------------


class InterviewForm(forms.Form):
    staff_role = forms.CharField(
        label="Role of the member of staff",
        help_text="For example: class teacher, health visitor",
        max_length=200,
        error_messages={"required": "Enter the role of the member of staff"},
    )
    notice_given_on = GovukDateField(
        label="Date written notice of the interview was given", label_for_errors="the date notice was given"
    )
    interviewed_on = GovukDateField(label="Date of the interview", label_for_errors="the date of the interview")
    summary_given_on = GovukDateField(
        label="Date a summary of the interview was given to the member of staff",
        required=False,
        label_for_errors="the date the summary was given",
    )
    disagreement = forms.CharField(
        label="Disagreement about the summary, and how it was resolved",
        widget=TEXTAREA,
        required=False,
        max_length=10000,
    )
    debriefed_on = GovukDateField(
        label="Date of the feedback and debrief after the report was finished",
        required=False,
        label_for_errors="the date of the debrief",
    )
    record = forms.CharField(
        label="Interview record",
        help_text="Kept here for your agency only: it informs your report and is never sent with it.",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=50000,
    )


def _interview_request(user: Any, request_id: int) -> Any:
    info = agency_request_for_user(user, request_id)
    if info.request_type != RequestType.INFORMATION_REPORT:
        raise Http404("Interviews are recorded for information reports.")
    return info


@login_required
@require_http_methods(["GET", "POST"])
def interviews_page(request: HttpRequest, request_id: int, interview_id: int | None = None) -> HttpResponse:
    """The agency's interview records for one information report (and one to add or change)."""
    user = the_user(request)
    info = _interview_request(user, request_id)
    found: StaffInterview | None = None
    if interview_id is not None:
        found = info.interviews.filter(pk=interview_id).first()
        if found is None:
            raise Http404("No such interview.")
    can_add = info.state in states.EDITABLE
    initial = {name: getattr(found, name) for name in InterviewForm.base_fields} if found is not None else None
    form = InterviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and (found is not None or can_add) and form.is_valid():
        try:
            interviews.save_interview(info, interview=found, acting_user=user, **form.cleaned_data)
        except (ValidationError, states.TransitionRefused, ActionRefused) as error:
            _add_errors(form, error if isinstance(error, ValidationError) else ValidationError(str(error)))
        else:
            messages.success(request, "The interview has been recorded")
            return redirect("portal:interviews", request_id=info.pk)
    context = request_context(info)
    context.update(
        {"form": form, "interviews": list(info.interviews.all()), "editing": found, "can_add": can_add or found}
    )
    return page(request, "portal/agency/interviews.html", context, forms_=(form,))


# --- Disclosure requests (partnership side, rule 56) ---------------------------------------


class DisclosureForm(forms.Form):
    agency: forms.ModelChoiceField[Agency] = forms.ModelChoiceField(
        queryset=None,
        label="Agency whose documents were asked for",
        error_messages={"required": "Select the agency", "invalid_choice": "Select an agency from the list"},
    )
    requested_by = forms.ChoiceField(
        label="Who asked?",
        choices=DisclosureRequester.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the police or a court asked"},
    )
    requester_name = forms.CharField(
        label="Name and role of the officer asking",
        max_length=200,
        error_messages={"required": "Enter the name of the officer asking"},
    )
    requester_email = forms.EmailField(
        label="Officer’s email address",
        error_messages={
            "required": "Enter the officer’s email address",
            "invalid": "Enter the officer’s email address, like name@example.org",
        },
    )
    requested_on = GovukDateField(label="Date of the request", label_for_errors="the date of the request")
    documents_sought = forms.CharField(
        label="What was asked for",
        help_text="For example: the agency's chronology and information report",
        widget=TEXTAREA,
        max_length=5000,
        error_messages={"required": "Enter what was asked for"},
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies


@login_required
def disclosures(request: HttpRequest, reference: str) -> HttpResponse:
    user = the_user(request)
    case = get_case_for_user(user, reference)
    found = list(DisclosureRequest.objects.filter(case=case).select_related("agency"))
    return render(request, "portal/case/disclosures.html", {"case": case, "disclosures": found})


@login_required
@require_http_methods(["GET", "POST"])
def new_disclosure(request: HttpRequest, reference: str) -> HttpResponse:
    user = the_user(request)
    case = get_case_for_user(user, reference, write=True)
    form = DisclosureForm(request.POST or None, agencies=actions.askable_agencies(case).order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            disclosure.record_disclosure_request(case, acting_user=user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The disclosure request has been recorded")
            return redirect("portal:disclosures", reference=case.reference)
    return page(request, "portal/case/disclosure_new.html", {"case": case, "form": form}, forms_=(form,))


@login_required
@require_POST
def answer_disclosure(request: HttpRequest, reference: str, disclosure_id: int) -> HttpResponse:
    user = the_user(request)
    case = get_case_for_user(user, reference, write=True)
    found = DisclosureRequest.objects.filter(case=case, pk=disclosure_id).first()
    if found is None:
        raise Http404("No such disclosure request.")
    try:
        disclosure.answer_disclosure_request(found, acting_user=user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "The agency's contact details have been sent to the officer")
    return redirect("portal:disclosures", reference=case.reference)
