from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cspr.access import managed_partnership
from cspr.accounts.models import User
from cspr.organisations import actions
from cspr.organisations.forms import (
    BRANDING_FIELDS,
    CLOCK_FIELDS,
    MAILBOX_FIELDS,
    RATIFICATION_FIELDS,
    PartnershipSettingsForm,
)
from cspr.ui.render import page


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    partnership = managed_partnership(_user(request))
    partners = partnership.statutory_partners.all()
    agencies = partnership.agencies.all()
    form = PartnershipSettingsForm(instance=partnership)
    return render(
        request,
        "organisations/settings.html",
        {"partnership": partnership, "partners": partners, "agencies": agencies, "form": form},
    )


@login_required
def edit_settings(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    partnership = managed_partnership(user)
    stale: dict[str, tuple[object, object]] | None = None
    if request.method == "POST":
        form = PartnershipSettingsForm(request.POST, request.FILES, instance=partnership)
        if form.is_valid():
            changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                actions.update_settings(
                    partnership,
                    changes=changes,
                    expected_version=form.cleaned_data["version"],
                    logo=form.cleaned_data.get("logo_upload"),
                    acting_user=user,
                )
            except actions.StaleEdit as error:
                stale = error.changed
                form.add_error(
                    None,
                    "Someone else saved these settings while you were editing them. "
                    "Your changes have not been saved: check the values below and save again.",
                )
                # Saving again now means "I have seen their change": carry the current version.
                data = request.POST.copy()
                data["version"] = str(type(partnership).objects.get(pk=partnership.pk).version)
                form.data = data
            else:
                messages.success(request, "Partnership settings saved")
                return redirect("organisations:settings")
    else:
        form = PartnershipSettingsForm(instance=partnership, initial={"version": partnership.version})
    return page(
        request,
        "organisations/edit.html",
        {
            "partnership": partnership,
            "form": form,
            "groups": [
                ("Statutory timescales", CLOCK_FIELDS),
                ("Ratification of Rapid Reviews", RATIFICATION_FIELDS),
                ("Statutory mailboxes", MAILBOX_FIELDS),
                ("Letters and documents", BRANDING_FIELDS),
            ],
            "stale": stale,
        },
        forms_=(form,),
    )


@login_required
def logo(request: HttpRequest) -> FileResponse:
    partnership = managed_partnership(_user(request))
    if not partnership.logo:
        raise Http404("No logo.")
    response = FileResponse(partnership.logo.open("rb"), content_type="image/png")
    response["Content-Disposition"] = "inline"
    return response
