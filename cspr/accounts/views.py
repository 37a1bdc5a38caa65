"""Partnership administrators' user pages: list, create (with an emailed set-password link), disable."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cspr.access import managed_partnership
from cspr.accounts import actions
from cspr.accounts.forms import NewUserForm, StatutoryPartnerForm
from cspr.accounts.middleware import has_second_factor
from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.editing import add_action_errors
from cspr.organisations.models import Partnership
from cspr.ui.render import page


def _people(partnership: Partnership) -> QuerySet[User]:
    return User.objects.filter(Q(partnership=partnership) | Q(agency__partnership=partnership)).select_related("agency")


def _person(request: HttpRequest, user_id: int) -> tuple[Partnership, User]:
    """The managed partnership and one of its people; 404 for anyone else's."""
    partnership = managed_partnership(request.user)  # type: ignore[arg-type]
    person = _people(partnership).filter(pk=user_id).first()
    if person is None:
        raise Http404("Page not found.")
    return partnership, person


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    partnership = managed_partnership(request.user)  # type: ignore[arg-type]
    people = list(_people(partnership).order_by("full_name"))
    return render(
        request,
        "accounts/users.html",
        {
            "partnership": partnership,
            "staff": [p for p in people if p.agency_id is None],
            "agency_users": [p for p in people if p.agency_id is not None],
        },
    )


@login_required
def new_user(request: HttpRequest) -> HttpResponse:
    partnership = managed_partnership(request.user)  # type: ignore[arg-type]
    form = NewUserForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        person = actions.create_user(
            acting_user=request.user,  # type: ignore[arg-type]
            partnership=partnership,
            full_name=form.cleaned_data["full_name"],
            email=form.cleaned_data["email"],
            job_title=form.cleaned_data["job_title"],
            role=Role(form.cleaned_data["role"]),
            statutory_partner=form.cleaned_data.get("statutory_partner"),
        )
        messages.success(request, f"Account created. We have emailed {person.email} a link to set a password.")
        return HttpResponseRedirect(reverse("accounts:user", kwargs={"user_id": person.pk}))
    return page(request, "accounts/new_user.html", {"form": form}, forms_=(form,))


@login_required
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    _, person = _person(request, user_id)
    return render(
        request,
        "accounts/user.html",
        {
            "person": person,
            "has_second_factor": has_second_factor(person),
            "has_password": person.has_usable_password(),
            "is_self": person.pk == request.user.pk,
        },
    )


@login_required
def disable_user(request: HttpRequest, user_id: int) -> HttpResponse:
    _, person = _person(request, user_id)
    if person.pk == request.user.pk:
        raise Http404("Page not found.")
    if request.method == "POST":
        if person.is_active:
            actions.disable_user(person, acting_user=request.user)  # type: ignore[arg-type]
            messages.success(request, f"{person.full_name} can no longer sign in. Their sessions have ended.")
        return HttpResponseRedirect(reverse("accounts:user", kwargs={"user_id": person.pk}))
    return render(request, "accounts/disable_user.html", {"person": person})


@login_required
def reset_second_factor(request: HttpRequest, user_id: int) -> HttpResponse:
    """A person lost their phone or security key: remove their second factor so that they set up a
    new one the next time they sign in. Not for your own account (another administrator does it)."""
    _, person = _person(request, user_id)
    if person.pk == request.user.pk:
        raise Http404("Page not found.")
    error = ""
    if request.method == "POST":
        try:
            actions.reset_second_factor(person, acting_user=request.user)  # type: ignore[arg-type]
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(
                request,
                f"{person.full_name}’s second factor has been reset. They have been signed out and will set up "
                "an authenticator app the next time they sign in. We have emailed them.",
            )
            return HttpResponseRedirect(reverse("accounts:user", kwargs={"user_id": person.pk}))
    return render(
        request,
        "accounts/reset_second_factor.html",
        {"person": person, "has_second_factor": has_second_factor(person), "error": error},
    )


@login_required
@require_POST
def send_link(request: HttpRequest, user_id: int) -> HttpResponse:
    _, person = _person(request, user_id)
    if person.is_active and person.pk != request.user.pk:
        actions.send_set_password_link(person, acting_user=request.user)  # type: ignore[arg-type]
        messages.success(request, f"We have emailed {person.email} a new link to set a password.")
    return HttpResponseRedirect(reverse("accounts:user", kwargs={"user_id": person.pk}))


@login_required
def statutory_partner(request: HttpRequest, user_id: int) -> HttpResponse:
    """Set which statutory partner a partner lead ratifies for (rule 37, C7)."""
    partnership, person = _person(request, user_id)
    if person.role != Role.PARTNER_LEAD:
        raise Http404("Page not found.")
    form = StatutoryPartnerForm(
        request.POST or None,
        partnership=partnership,
        person=person,
        initial={"statutory_partner": person.statutory_partner_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_statutory_partner(
                person,
                partner=form.cleaned_data["statutory_partner"],
                acting_user=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "Statutory partner saved")
            return HttpResponseRedirect(reverse("accounts:user", kwargs={"user_id": person.pk}))
    return page(request, "accounts/statutory_partner.html", {"form": form, "person": person}, forms_=(form,))
