"""The LCSPR pages: the review's task list, the terms of reference (Document 7) and the people on the
review. Data comes through ``cspr.access``; changes through ``cspr.lcspr.actions``."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from django import forms
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cspr.access import Access, case_access, get_case_for_user
from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.editing import edit_page
from cspr.cases.models import Case
from cspr.cases.sections import CaseSection
from cspr.cases.transitions import is_allowed
from cspr.lcspr import actions, invitations, tasklist, terms
from cspr.lcspr import forms as lcspr_forms
from cspr.lcspr.models import Appointment, TermsStatus, TermsVersion
from cspr.lcspr.team_checks import partner_gaps
from cspr.portal.forms import SetPasswordForm
from cspr.ui.render import page


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def is_lcspr(case: Case) -> bool:
    """An LCSPR exists once the ratified decision commissions one (decision b, or d with b)."""
    return case.lcspr_commissioned_date is not None


def _lcspr_case(request: HttpRequest, reference: str, *, write: bool = False) -> Case:
    case = get_case_for_user(_user(request), reference, write=write)
    if not is_lcspr(case):
        raise Http404("This case has no LCSPR.")
    return case


def case_section(request: HttpRequest, case: Case) -> CaseSection | None:
    if not is_lcspr(case):
        return None
    return CaseSection(
        title="Local Child Safeguarding Practice Review",
        template="lcspr/case_section.html",
        context={"reference": case.reference, "commissioned": case.lcspr_commissioned_date},
        order=20,
    )


@login_required
def overview(request: HttpRequest, reference: str) -> HttpResponse:
    case = _lcspr_case(request, reference)
    return page(request, "lcspr/overview.html", {"case": case, "sections": tasklist.sections_for(request, case)})


# -- terms of reference ------------------------------------------------------------------------------


def _terms_url(case: Case) -> str:
    return reverse("lcspr:terms", kwargs={"reference": case.reference})


def _versions(case: Case) -> list[TermsVersion]:
    return list(TermsVersion.objects.filter(case=case).select_related("agreed_recorded_by").order_by("number"))


@login_required
def terms_page(request: HttpRequest, reference: str) -> HttpResponse:
    case = _lcspr_case(request, reference)
    versions = _versions(case)
    latest = versions[-1] if versions else None
    team = terms.active_team(case)
    draft = latest if latest is not None and latest.status == TermsStatus.DRAFT else None
    can_write = case_access(_user(request), case) >= Access.WRITE
    return page(
        request,
        "lcspr/terms.html",
        {
            "case": case,
            "versions": versions,
            "latest": latest,
            "draft": draft,
            "printed": terms.printed_version(versions),
            "missing": terms.missing(draft, team) if draft else [],
            "team": team,
            "rows": terms.COMPARE_ROWS,
            "shown": terms.shown,
            "can": {
                "edit": can_write and (latest is None or draft is not None) and is_allowed(case, "lcspr.save_terms"),
                "agree": can_write and draft is not None and is_allowed(case, "lcspr.agree_terms"),
                "change": can_write
                and latest is not None
                and latest.status == TermsStatus.AGREED
                and is_allowed(case, "lcspr.propose_change"),
            },
        },
    )


@login_required
def terms_edit(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = _lcspr_case(request, reference, write=True)
    latest = TermsVersion.objects.filter(case=case).order_by("-number").first()
    if latest is not None and latest.status != TermsStatus.DRAFT:
        messages.warning(
            request, "These terms of reference are agreed: record a significant change to start a new version"
        )
        return redirect(_terms_url(case))
    values = {n: getattr(latest, n) for n in terms.EDITABLE} if latest else terms.prefill(case)
    initial = lcspr_forms.TermsForm.initial_for(latest, values)

    def save(f: forms.BaseForm) -> TermsVersion:
        assert isinstance(f, lcspr_forms.TermsForm)
        return actions.save_terms(
            case, expected_version=f.cleaned_data.get("version"), values=f.values(), acting_user=user
        )

    number = latest.number if latest else 1
    return edit_page(
        request,
        case,
        make_form=lambda data: lcspr_forms.TermsForm(data, initial=initial),
        save=save,
        done_url=_terms_url(case),
        title=f"Terms of reference: version {number} (draft)",
        intro=[
            "Save as often as you need: a draft may be incomplete. The CSPR group agrees it once every part is there.",
            "The review team is taken from the appointments on the review team page.",
        ]
        + ([] if latest else ["This first draft is filled in from the Rapid Review record."]),
        submit="Save the draft",
        success="Draft saved",
    )


@login_required
def terms_agree(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = _lcspr_case(request, reference, write=True)
    latest = TermsVersion.objects.filter(case=case).order_by("-number").first()
    if latest is None or latest.status != TermsStatus.DRAFT:
        messages.warning(request, "There is no draft of the terms of reference to agree")
        return redirect(_terms_url(case))
    title = (
        "Record the CSPR group's agreement"
        if latest.number == 1
        else f"Record the re-approval of version {latest.number}"
    )
    return edit_page(
        request,
        case,
        make_form=lambda data: lcspr_forms.AgreeForm(data, initial={"version": latest.version}),
        save=lambda f: actions.agree_terms(
            case,
            expected_version=f.cleaned_data.get("version"),
            agreed_on=f.cleaned_data["agreed_on"],
            agreed_by=f.cleaned_data.get("agreed_by") or "",
            acting_user=user,
        ),
        done_url=_terms_url(case),
        title=title,
        intro=["The CSPR group formally agrees the terms of reference (rule 45)."]
        + ([f"Reason for this version: {latest.change_reason}"] if latest.change_reason else []),
        extra={"missing": terms.missing(latest, terms.active_team(case))},
        template="lcspr/agree.html",
        submit="Record the agreement",
        success="Agreement recorded",
    )


@login_required
def terms_change(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = _lcspr_case(request, reference, write=True)
    return edit_page(
        request,
        case,
        make_form=lambda data: lcspr_forms.ChangeForm(data),
        save=lambda f: actions.propose_change(case, reason=f.cleaned_data.get("reason") or "", acting_user=user),
        done_url=_terms_url(case),
        title="Record a significant change to the terms of reference",
        intro=[
            "A significant change to the scope or the key lines of enquiry starts a new version, copied from the "
            "agreed one. Every version is kept. The new version needs the CSPR group's approval."
        ],
        submit="Start the new version",
        success="New draft version started",
        redirect_to=lambda v: reverse("lcspr:terms_edit", kwargs={"reference": case.reference}),
    )


@login_required
def terms_compare(request: HttpRequest, reference: str) -> HttpResponse:
    case = _lcspr_case(request, reference)
    versions = _versions(case)
    return page(
        request,
        "lcspr/terms_compare.html",
        {"case": case, "versions": versions, "rows": terms.COMPARE_ROWS, "shown": terms.shown},
    )


# -- the people on the review ------------------------------------------------------------------------


def _team_url(case: Case) -> str:
    return reverse("lcspr:team", kwargs={"reference": case.reference})


@login_required
def team(request: HttpRequest, reference: str) -> HttpResponse:
    case = _lcspr_case(request, reference)
    appointments = list(Appointment.objects.filter(case=case).order_by("ended", "role", "name"))
    active = [a for a in appointments if a.ended is None]
    can_write = case_access(_user(request), case) >= Access.WRITE
    return page(
        request,
        "lcspr/team.html",
        {
            "case": case,
            "active": active,
            "ended": [a for a in appointments if a.ended is not None],
            "gaps": partner_gaps(active),
            "can_appoint": can_write and is_allowed(case, "lcspr.appoint"),
            "can_change": can_write and is_allowed(case, "lcspr.update_appointment"),
        },
    )


@login_required
def appoint(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = _lcspr_case(request, reference, write=True)
    return edit_page(
        request,
        case,
        make_form=lambda data: lcspr_forms.AppointForm(data),
        save=lambda f: actions.appoint(case, values=dict(f.cleaned_data), acting_user=user),
        done_url=_team_url(case),
        title="Appoint someone to the review",
        intro=[
            "The review team has someone from each safeguarding partner, with experts as needed; the lead reviewer "
            "is independent of the partnership (§6.1, §6.2). Appointing the lead reviewer sends their name to the "
            "National Panel, Ofsted and DfE (§6.1.2).",
        ],
        submit="Appoint",
        success="Appointment recorded",
    )


def _appointment(case: Case, appointment_id: int) -> Appointment:
    return get_object_or_404(Appointment, pk=appointment_id, case=case)


@login_required
def appointment_edit(request: HttpRequest, reference: str, appointment_id: int) -> HttpResponse:
    user = _user(request)
    case = _lcspr_case(request, reference, write=True)
    appointment = _appointment(case, appointment_id)
    initial: dict[str, Any] = {n: getattr(appointment, n) for n in actions.UPDATE_FIELDS}
    initial["version"] = appointment.version
    return edit_page(
        request,
        case,
        make_form=lambda data: lcspr_forms.AppointmentForm(data, initial=initial),
        save=lambda f: actions.update_appointment(
            appointment,
            expected_version=f.cleaned_data.get("version"),
            values=dict(f.cleaned_data),
            acting_user=user,
        ),
        done_url=_team_url(case),
        title=f"Change the appointment of {appointment.name}",
        success="Appointment saved",
    )


@login_required
def appointment_end(request: HttpRequest, reference: str, appointment_id: int) -> HttpResponse:
    user = _user(request)
    case = _lcspr_case(request, reference, write=True)
    appointment = _appointment(case, appointment_id)
    return edit_page(
        request,
        case,
        make_form=lambda data: lcspr_forms.EndForm(data),
        save=lambda f: actions.end_appointment(
            appointment, ended=f.cleaned_data["ended"], reason=f.cleaned_data.get("reason") or "", acting_user=user
        ),
        done_url=_team_url(case),
        title=f"End the appointment of {appointment.name}",
        intro=["They lose access to this review at once. The appointment stays on the record."],
        submit="End the appointment",
        success="Appointment ended",
    )


@login_required
@require_POST
def resend_invitation(request: HttpRequest, reference: str, appointment_id: int) -> HttpResponse:
    case = _lcspr_case(request, reference, write=True)
    appointment = _appointment(case, appointment_id)
    try:
        actions.resend_invitation(appointment, acting_user=_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"A new invitation has been sent to {appointment.email}")
    return redirect(_team_url(case))


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the link from a reviewer's invitation email. Sets a password, signs in, then MFA set-up."""
    found = invitations.invitation_from_token(token)
    if found is None:
        return render(request, "lcspr/invitation_invalid.html", status=404)
    appointment = found.appointment
    probe = User(email=found.email, full_name=appointment.name, role=Role.LEAD_REVIEWER)
    form = SetPasswordForm(request.POST or None, user=probe)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.accept_invitation(found, password=form.cleaned_data["password1"])
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            if request.user.is_authenticated:
                logout(request)
            login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
            # Set through a single-use link: a fresh authentication, so the authenticator set-up follows.
            record_authentication(request, user, method="password", email=user.email, reauthenticated=True)
            messages.success(request, "Your account has been created. Now set up your authenticator app")
            return redirect("mfa_activate_totp")
    return page(
        request,
        "lcspr/invitation.html",
        {"invitation": found, "appointment": appointment, "form": form},
        forms_=(form,),
    )
