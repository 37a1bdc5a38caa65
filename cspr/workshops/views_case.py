"""The partnership's and review team's pages: themes, nominations, workshops, attendance; the team's
non-attributable reading of worksheets and the draft findings sent to practitioners (rule 60)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from cspr.accounts.models import User
from cspr.cases.models import Case
from cspr.chronology.models import ChronologyEntry, EntryKind
from cspr.organisations.models import Agency
from cspr.ui.render import page
from cspr.workshops import actions, worksheets
from cspr.workshops.access import lcspr_case, team_case
from cspr.workshops.forms import (
    AttendanceForm,
    FindingsForm,
    InviteForm,
    PartnershipNominationForm,
    ThemeForm,
    WorkshopForm,
)
from cspr.workshops.models import (
    FindingsConsultation,
    KeyTheme,
    NominatedBy,
    Nomination,
    Participant,
    Worksheet,
    Workshop,
)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errs in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errs[0].messages[0])
    else:
        form.add_error(None, error.messages[0])


# -- key themes ------------------------------------------------------------------------------------------


@login_required
def themes(request: HttpRequest, reference: str) -> HttpResponse:
    case = lcspr_case(_user(request), reference)
    found = list(KeyTheme.objects.filter(case=case).prefetch_related("entries__agency"))
    return page(request, "workshops/themes.html", {"case": case, "themes": found})


def _key_events(case: Case) -> list[ChronologyEntry]:
    return list(
        ChronologyEntry.objects.filter(case=case, kind=EntryKind.KEY_EVENT, merged_into__isnull=True)
        .select_related("agency")
        .order_by("-key_learning_event", "date_from", "id")[:200]
    )


@login_required
def theme_edit(request: HttpRequest, reference: str, theme_id: int | None = None) -> HttpResponse:
    user = _user(request)
    case = lcspr_case(user, reference, write=True)
    theme = None
    if theme_id is not None:
        theme = KeyTheme.objects.filter(case=case, pk=theme_id).first()
        if theme is None:
            raise Http404("No such theme.")
    kloes = actions.kloes_for(case)
    if theme is not None:
        kloes += [k for k in theme.kloes if k not in kloes]  # what it was tied to stays selectable
    initial: dict[str, Any] = {}
    if theme is not None:
        initial = {
            "title": theme.title,
            "description": theme.description,
            "kloes": theme.kloes,
            "entries": [str(pk) for pk in theme.entries.values_list("pk", flat=True)],
        }
    form = ThemeForm(request.POST or None, initial=initial, kloes=kloes, entries=_key_events(case))
    if request.method == "POST" and theme is not None and "remove" in request.POST:
        actions.remove_theme(case, theme, acting_user=user)
        messages.success(request, "Theme removed")
        return redirect("workshops:themes", reference=case.reference)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.save_theme(
                case,
                theme,
                title=data["title"],
                description=data["description"],
                kloes=data["kloes"],
                entry_ids=[int(pk) for pk in data["entries"]],
                acting_user=user,
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "Theme saved")
            return redirect("workshops:themes", reference=case.reference)
    return page(request, "workshops/theme_form.html", {"case": case, "theme": theme, "form": form}, forms_=(form,))


# -- nominations -------------------------------------------------------------------------------------------


@login_required
def nominations(request: HttpRequest, reference: str) -> HttpResponse:
    case = lcspr_case(_user(request), reference)
    found = list(
        Nomination.objects.filter(case=case)
        .select_related("agency", "participant__workshop")
        .order_by("-direct_involvement", "agency__name", "full_name")
    )
    return page(
        request,
        "workshops/nominations.html",
        {"case": case, "nominations": found, "invitable": [n for n in found if n.direct_involvement]},
    )


@login_required
def nomination_add(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = lcspr_case(user, reference, write=True)
    agencies = Agency.objects.filter(partnership=case.lead_partnership).order_by("name")
    form = PartnershipNominationForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.nominate(
                case,
                agency=data["agency"],
                full_name=data["full_name"],
                job_title=data["job_title"],
                email=data["email"],
                direct_involvement=data["direct_involvement"],
                involvement=data["involvement"],
                via=NominatedBy.PARTNERSHIP,
                acting_user=user,
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "Practitioner nominated")
            return redirect("workshops:nominations", reference=case.reference)
    return page(request, "workshops/nomination_form.html", {"case": case, "form": form}, forms_=(form,))


# -- workshops ---------------------------------------------------------------------------------------------


def _workshop(case: Case, workshop_id: int) -> Workshop:
    found = Workshop.objects.select_related("case__lead_partnership").filter(case=case, pk=workshop_id).first()
    if found is None:
        raise Http404("No such workshop.")
    return found


def _workshop_values(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in WorkshopForm.base_fields}


@login_required
def workshop_edit(request: HttpRequest, reference: str, workshop_id: int | None = None) -> HttpResponse:
    user = _user(request)
    case = lcspr_case(user, reference, write=True)
    workshop = _workshop(case, workshop_id) if workshop_id is not None else None
    initial: dict[str, Any] = {"signatory": case.lead_partnership.signature_name}
    if workshop is not None:
        initial = {name: getattr(workshop, name) for name in WorkshopForm.base_fields}
    form = WorkshopForm(request.POST or None, initial=initial)
    warnings: list[str] = []
    if request.method == "POST" and form.is_valid():
        values = _workshop_values(form.cleaned_data)
        values["signatory"] = values["signatory"] or ""
        try:
            saved = actions.save_workshop(case, workshop, values=values, acting_user=user)
        except ValidationError as error:
            _errors(form, error)
        else:
            warnings = actions.length_warnings(mode=saved.mode, hours=saved.hours, complex_case=saved.complex_case)
            for warning in warnings:
                messages.warning(request, warning)
            messages.success(request, "Workshop saved")
            return redirect("workshops:workshop", reference=case.reference, workshop_id=saved.pk)
    return page(
        request, "workshops/workshop_form.html", {"case": case, "workshop": workshop, "form": form}, forms_=(form,)
    )


@login_required
def workshop_detail(request: HttpRequest, reference: str, workshop_id: int) -> HttpResponse:
    case = lcspr_case(_user(request), reference)
    workshop = _workshop(case, workshop_id)
    # By name, never by pseudonym: the order must not reveal who is "Practitioner A".
    participants = list(workshop.participants.select_related("nomination__agency").order_by("nomination__full_name"))
    submitted = set(
        Worksheet.objects.filter(participant__workshop=workshop, submitted_at__isnull=False).values_list(
            "participant_id", "number"
        )
    )
    today = timezone.localdate()
    return page(
        request,
        "workshops/workshop.html",
        {
            "case": case,
            "workshop": workshop,
            "participants": participants,
            "submitted": submitted,
            "numbers": worksheets.NUMBERS,
            "notice_warning": actions.notice_warning(workshop, today),
            "length_warnings": [
                *actions.length_warnings(mode=workshop.mode, hours=workshop.hours, complex_case=workshop.complex_case),
                *filter(None, [actions.feedback_session_warning(workshop)]),
            ],
            "invitable": actions.invitation_list(case),
            "can_invite": workshop.date >= today,
        },
    )


@login_required
def invite(request: HttpRequest, reference: str, workshop_id: int) -> HttpResponse:
    user = _user(request)
    case = lcspr_case(user, reference, write=True)
    workshop = _workshop(case, workshop_id)
    invitable = actions.invitation_list(case)
    form = InviteForm(request.POST or None, nominations=invitable)
    today = timezone.localdate()
    if request.method == "POST" and form.is_valid():
        chosen = [n for n in invitable if str(n.pk) in form.cleaned_data["nominations"]]
        try:
            sent = actions.send_invitations(workshop, chosen, acting_user=user)
        except ValidationError as error:
            _errors(form, error)
        else:
            workshop.refresh_from_db()
            warning = actions.notice_warning(workshop, today)
            if warning:
                messages.warning(request, warning)
            messages.success(request, f"Invitations sent to {len(sent)} practitioner{'s' if len(sent) != 1 else ''}")
            return redirect("workshops:workshop", reference=case.reference, workshop_id=workshop.pk)
    return page(
        request,
        "workshops/invite.html",
        {
            "case": case,
            "workshop": workshop,
            "form": form,
            "invitable": invitable,
            "notice_warning": actions.notice_warning(workshop, today),
            "feedback_warning": actions.feedback_session_warning(workshop),
        },
        forms_=(form,),
    )


@login_required
def attendance(request: HttpRequest, reference: str, workshop_id: int, participant_id: int) -> HttpResponse:
    user = _user(request)
    case = lcspr_case(user, reference, write=True)
    workshop = _workshop(case, workshop_id)
    participant = (
        Participant.objects.select_related("nomination__agency", "workshop")
        .filter(workshop=workshop, pk=participant_id)
        .first()
    )
    if participant is None:
        raise Http404("No such participant.")
    initial = {
        "attendance": participant.attendance,
        "apologies_reason": participant.apologies_reason,
        "one_to_one_date": participant.one_to_one_date,
        "one_to_one_notes": participant.one_to_one_notes,
    }
    form = AttendanceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_attendance(
                participant,
                attendance=data["attendance"],
                apologies_reason=data["apologies_reason"],
                one_to_one_date=data["one_to_one_date"],
                one_to_one_notes=data["one_to_one_notes"],
                acting_user=user,
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "Attendance saved")
            return redirect("workshops:workshop", reference=case.reference, workshop_id=workshop.pk)
    return page(
        request,
        "workshops/attendance.html",
        {"case": case, "workshop": workshop, "participant": participant, "form": form},
        forms_=(form,),
    )


# -- the review team's reading: no names (Document 18a: "The Panel will not see who has shared what") -----


@login_required
def team_worksheets(request: HttpRequest, reference: str) -> HttpResponse:
    case = team_case(_user(request), reference)
    # Only the pseudonym and the workshop date leave the database: no name, email, job title or agency.
    rows = (
        Worksheet.objects.filter(participant__workshop__case=case, submitted_at__isnull=False)
        .values("participant__pseudonym", "participant__workshop__date", "number", "answers", "after_workshop_started")
        .order_by("participant__pseudonym", "number")
    )
    voices: dict[str, dict[str, Any]] = {}
    for row in rows:
        voice = voices.setdefault(
            row["participant__pseudonym"], {"workshop_date": row["participant__workshop__date"], "sheets": []}
        )
        sheet = worksheets.SHEETS[row["number"]]
        voice["sheets"].append(
            {
                "sheet": sheet,
                "late": row["after_workshop_started"],
                "answers": [(q.text, row["answers"].get(q.key, "")) for q in sheet.questions],
            }
        )
    return page(request, "workshops/team_worksheets.html", {"case": case, "voices": voices})


@login_required
def findings(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = team_case(user, reference)
    consultation = FindingsConsultation.objects.filter(case=case).first()
    comments = (
        list(consultation.comments.values("participant__pseudonym", "comment", "submitted_at")) if consultation else []
    )
    form = FindingsForm(request.POST or None, initial={"findings": consultation.findings if consultation else ""})
    if request.method == "POST" and form.is_valid():
        try:
            actions.send_findings(
                case,
                findings=form.cleaned_data["findings"],
                respond_by=form.cleaned_data["respond_by"],
                acting_user=user,
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "Draft findings sent to the practitioners")
            return redirect("workshops:findings", reference=case.reference)
    return page(
        request,
        "workshops/findings.html",
        {
            "case": case,
            "form": form,
            "consultation": consultation,
            "comments": comments,
            "recipients": len(actions.findings_recipients(case)),
            "complete": actions.feedback_complete(case),
        },
        forms_=(form,),
    )
