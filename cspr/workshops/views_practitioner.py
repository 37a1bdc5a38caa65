"""The practitioner's pages (their invitation, their workshop, briefing and agenda, their worksheets,
their comments on the draft findings) and the agency's nomination page in the portal."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.documents import markup
from cspr.portal.forms import SetPasswordForm
from cspr.ui.render import page
from cspr.workshops import actions, worksheets
from cspr.workshops.access import agency_case, my_participation, own_participant, own_workshop
from cspr.workshops.forms import CommentForm, NominationForm, WorksheetForm
from cspr.workshops.models import FindingsConsultation, NominatedBy, Nomination, Participant, Worksheet
from cspr.workshops.views_case import _errors


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the link from the invitation email. Sets a password, signs in, then MFA set-up."""
    found = actions.participant_from_token(token)
    if found is None:
        return render(request, "workshops/invitation_invalid.html", status=404)
    probe = User(email=found.nomination.email, full_name=found.nomination.full_name, role=Role.PRACTITIONER)
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
            # The password was just set through a single-use link: a fresh authentication, so allauth
            # does not ask for it again before the authenticator app is set up (MFA is then forced).
            record_authentication(request, user, method="password", email=user.email, reauthenticated=True)
            messages.success(request, "Your account has been created. Now set up your authenticator app")
            return redirect("mfa_activate_totp")
    return page(request, "workshops/invitation.html", {"participant": found, "form": form}, forms_=(form,))


def _status(participant: Participant) -> dict[int, Worksheet]:
    return {w.number: w for w in participant.worksheets.all()}


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The practitioner's landing page: their workshop, the briefing, the worksheets and what is due."""
    participant = my_participation(_user(request))
    context: dict[str, Any] = {"participant": participant}
    if participant is not None:
        context |= {
            "workshop": participant.workshop,
            "sheets": [
                {
                    "sheet": sheet,
                    "worksheet": _status(participant).get(number),
                    "open": actions.worksheet_open(participant, number),
                }
                for number, sheet in worksheets.SHEETS.items()
            ],
            "consultation": FindingsConsultation.objects.filter(case=participant.workshop.case).first(),
        }
    return page(request, "workshops/mine.html", context)


def _blocks(name: str) -> list[dict[str, Any]]:
    """A toolkit document's text for a page: headings, paragraphs, bullets and table rows."""
    found: list[dict[str, Any]] = []
    for block in markup.load(name):
        if block.kind == "table":
            rows = [
                [cell.replace("**", "").split(" // ") for cell in row.cells]
                for row in block.rows
                if not row.widths and not row.header
            ]
            found.append({"kind": "table", "rows": rows})
        elif block.kind in {"heading", "para", "bullet", "bold"} and "{" not in block.text:
            found.append({"kind": block.kind, "text": block.text.replace("**", ""), "level": block.level})
    return found


@login_required
def briefing(request: HttpRequest, workshop_id: int) -> HttpResponse:
    workshop = own_workshop(_user(request), workshop_id)
    return page(
        request,
        "workshops/briefing.html",
        {
            "workshop": workshop,
            "briefing": _blocks("workshop_briefing"),
            "agenda": _blocks("workshop_agenda"),
            "themes": list(workshop.case.key_themes.values_list("title", flat=True)),
        },
    )


@login_required
def worksheet(request: HttpRequest, participant_id: int, number: int) -> HttpResponse:
    user = _user(request)
    participant = own_participant(user, participant_id)
    sheet = worksheets.SHEETS.get(number)
    if sheet is None:
        raise Http404("No such worksheet.")
    saved = participant.worksheets.filter(number=number).first()
    is_open = actions.worksheet_open(participant, number)
    locked = saved is not None and saved.submitted_at is not None
    form = WorksheetForm(request.POST or None, initial=saved.answers if saved else {}, sheet=sheet)
    if request.method == "POST" and not locked and is_open and form.is_valid():
        submit = "submit" in request.POST
        try:
            actions.save_worksheet(participant, number, answers=form.cleaned_data, submit=submit, acting_user=user)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, f"Worksheet {number} submitted" if submit else "Draft saved")
            if submit:
                return redirect("workshops:mine")
            return redirect("workshops:worksheet", participant_id=participant.pk, number=number)
    elif request.method == "POST" and form.is_valid():
        form.add_error(None, "This worksheet cannot be changed now")
    return page(
        request,
        "workshops/worksheet.html",
        {
            "participant": participant,
            "workshop": participant.workshop,
            "sheet": sheet,
            "saved": saved,
            "locked": locked,
            "open": is_open,
            "form": form,
            "privacy": worksheets.PRIVACY,
        },
        forms_=(form,),
    )


@login_required
def comment(request: HttpRequest, participant_id: int) -> HttpResponse:
    user = _user(request)
    participant = own_participant(user, participant_id)
    consultation = FindingsConsultation.objects.filter(case=participant.workshop.case).first()
    if consultation is None:
        raise Http404("No draft findings have been shared.")
    mine_ = consultation.comments.filter(participant=participant).first()
    form = CommentForm(request.POST or None)
    if request.method == "POST" and mine_ is None and form.is_valid():
        try:
            actions.comment_on_findings(
                participant, consultation, comment=form.cleaned_data["comment"], acting_user=user
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "Your comments have been sent to the review team")
            return redirect("workshops:mine")
    elif request.method == "POST" and mine_ is not None and form.is_valid():
        form.add_error(None, "You have already sent your comments")
    return page(
        request,
        "workshops/comment.html",
        {"participant": participant, "consultation": consultation, "sent": mine_, "form": form},
        forms_=(form,),
    )


# -- the agency, in the portal -------------------------------------------------------------------------------


@login_required
def agency_nominations(request: HttpRequest, reference: str) -> HttpResponse:
    """An agency's safeguarding lead puts forward their practitioners for the workshop (§8.10.1)."""
    user = _user(request)
    case = agency_case(user, reference)
    assert user.agency is not None
    form = NominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.nominate(
                case,
                agency=user.agency,
                full_name=data["full_name"],
                job_title=data["job_title"],
                email=data["email"],
                direct_involvement=data["direct_involvement"],
                involvement=data["involvement"],
                via=NominatedBy.AGENCY,
                acting_user=user,
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "Practitioner nominated")
            return redirect("workshops:agency_nominations", reference=case.reference)
    # Only this agency's own nominations: another agency's staff are not theirs to see.
    own = list(Nomination.objects.filter(case=case, agency=user.agency).order_by("full_name"))
    return page(
        request,
        "workshops/agency_nominations.html",
        {"case": case, "agency": user.agency, "nominations": own, "form": form},
        forms_=(form,),
    )
