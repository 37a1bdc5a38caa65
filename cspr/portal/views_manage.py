"""Agency leads: the business manager's agency pages and invitations; accepting an invitation."""

from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cspr.access import managed_partnership
from cspr.accounts.actions import disable_user
from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.portal import invitations
from cspr.portal.access import managed_agency
from cspr.portal.forms import InviteForm, SetPasswordForm, StrategicLeadForm
from cspr.portal.models import Invitation
from cspr.portal.views_common import the_user
from cspr.ui.render import page


@login_required
def agencies(request: HttpRequest) -> HttpResponse:
    partnership = managed_partnership(the_user(request))
    rows = []
    for agency in partnership.agencies.order_by("name"):
        leads = [u for u in agency.users.all() if u.role == Role.AGENCY_LEAD and u.is_active]
        rows.append({"agency": agency, "leads": leads})
    return render(request, "portal/manage/agencies.html", {"partnership": partnership, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def agency(request: HttpRequest, agency_id: int) -> HttpResponse:
    user = the_user(request)
    found = managed_agency(user, agency_id)
    form = StrategicLeadForm(
        request.POST or None,
        initial={"strategic_lead_name": found.strategic_lead_name, "strategic_lead_email": found.strategic_lead_email},
    )
    if request.method == "POST" and form.is_valid():
        invitations.update_strategic_lead(
            found,
            name=form.cleaned_data["strategic_lead_name"],
            email=form.cleaned_data["strategic_lead_email"],
            acting_user=user,
        )
        messages.success(request, "The strategic safeguarding lead has been saved")
        return redirect("portal:agency", agency_id=found.pk)
    leads = User.objects.filter(agency=found, role=Role.AGENCY_LEAD).order_by("full_name")
    pending = [i for i in Invitation.objects.filter(agency=found, used_at__isnull=True) if i.usable]
    return page(
        request,
        "portal/manage/agency.html",
        {"agency": found, "form": form, "leads": leads, "pending": pending},
        forms_=(form,),
    )


@login_required
@require_POST
def disable_lead(request: HttpRequest, agency_id: int, user_id: int) -> HttpResponse:
    """A lead who has left the agency loses access at once (their sessions end)."""
    acting = the_user(request)
    found = managed_agency(acting, agency_id)
    lead = User.objects.filter(agency=found, role=Role.AGENCY_LEAD, pk=user_id).first()
    if lead is None:
        raise Http404("No such safeguarding lead.")
    if lead.is_active:  # a second click changes nothing
        disable_user(lead, acting_user=acting)
    messages.success(request, f"{lead.full_name} can no longer sign in")
    return redirect("portal:agency", agency_id=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, agency_id: int) -> HttpResponse:
    user = the_user(request)
    found = managed_agency(user, agency_id)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.invite_agency_lead(
                found,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                job_title=form.cleaned_data["job_title"],
                acting_user=user,
            )
        except ValidationError as error:
            form.add_error("email", error.messages[0])
        else:
            messages.success(request, f"An invitation has been sent to {form.cleaned_data['email']}")
            return redirect("portal:agency", agency_id=found.pk)
    return page(request, "portal/manage/invite.html", {"agency": found, "form": form}, forms_=(form,))


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the link from the invitation email. Sets a password, signs in, then MFA set-up."""
    found = invitations.invitation_from_token(token)
    if found is None:
        return render(request, "portal/manage/invitation_invalid.html", status=404)
    probe = User(email=found.email, full_name=found.full_name, role=Role.AGENCY_LEAD)
    form = SetPasswordForm(request.POST or None, user=probe)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.accept_invitation(found, password=form.cleaned_data["password1"])
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            if request.user.is_authenticated:
                logout(request)
            login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
            # The new password was just set through a single-use link: that counts as a fresh
            # authentication, so allauth does not ask for it again before the authenticator is set up.
            record_authentication(request, user, method="password", email=user.email, reauthenticated=True)
            messages.success(request, "Your account has been created. Now set up your authenticator app")
            return redirect("mfa_activate_totp")
    return page(request, "portal/manage/invitation.html", {"invitation": found, "form": form}, forms_=(form,))
