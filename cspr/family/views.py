"""The family log's pages. Every one fetches the case through ``cspr.family.access.get_family_case``:
the review team and the named coordinators only (404 for everyone else), the read access-logged."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET

from cspr.accounts.models import User
from cspr.audit import log as audit
from cspr.cases.concurrency import StaleEdit
from cspr.cases.models import Case, Person
from cspr.documents import catalogue, engine
from cspr.family import actions, report
from cspr.family.access import can_write_family_log, get_family_case
from cspr.family.forms import (
    ContactForm,
    InvitationForm,
    InvolvementForm,
    LetterForm,
    SharedForm,
    SupportForm,
    TakenUpForm,
    ViewForm,
)
from cspr.family.models import Invitation, SharedItem, SupportOffer
from cspr.family.network import network, network_person
from cspr.ui.render import page


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _person(case: Case, person_id: int) -> Person:
    person = network_person(case, person_id)
    if person is None:
        raise Http404("No such person in the family network.")
    return person


def _save(form: forms.Form, call: Callable[[], Any]) -> bool:
    """Run the action; its refusal or a check on the record becomes a form error (no 500)."""
    try:
        call()
    except StaleEdit as error:
        form.add_error(None, str(error))
        return False
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@login_required
@require_GET
def index(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = get_family_case(user, reference)
    shared = SharedItem.objects.filter(case=case).select_related("invitation__person", "shared_by")
    return page(
        request,
        "family/index.html",
        {
            "case": case,
            "members": network(case),
            "summary": report.engagement_summary(case),
            "reasons": report.non_involvement_reasons(case),
            "shared": list(shared),
            "can_write": can_write_family_log(user, case),
        },
    )


@login_required
@require_GET
def person(request: HttpRequest, reference: str, person_id: int) -> HttpResponse:
    user = _user(request)
    case = get_family_case(user, reference)
    who = _person(case, person_id)
    invitation = (
        Invitation.objects.filter(case=case, person=who)
        .select_related("coordinator")
        .prefetch_related("contacts__by", "views__recorded_by", "support_offers__offered_by", "shared_items__shared_by")
        .first()
    )
    return page(
        request,
        "family/person.html",
        {"case": case, "person": who, "invitation": invitation, "can_write": can_write_family_log(user, case)},
    )


def _form_page(
    request: HttpRequest,
    reference: str,
    person_id: int,
    *,
    make_form: Callable[[Case, Any], forms.Form],
    act: Callable[[Case, Person, forms.Form, User], Any],
    heading: str,
    done: str,
    template: str = "family/form.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    user = _user(request)
    case = get_family_case(user, reference, write=True)
    who = _person(case, person_id)
    form = make_form(case, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and _save(form, lambda: act(case, who, form, user)):
        messages.success(request, done)
        return redirect("family:person", reference=case.reference, person_id=who.pk)
    context = {"case": case, "person": who, "form": form, "heading": heading} | (extra or {})
    return page(request, template, context, forms_=(form,))


@login_required
def invitation(request: HttpRequest, reference: str, person_id: int) -> HttpResponse:
    def make(case: Case, data: Any) -> forms.Form:
        current = Invitation.objects.filter(case=case, person_id=person_id).first()
        initial: dict[str, Any] = {"invite": "yes"}
        if current is not None:
            initial = {
                "invite": "yes" if current.invite else "no",
                "reason_not_invited": current.reason_not_invited,
                "coordinator": current.coordinator_id,
                "coordinator_phone": current.coordinator_phone,
                "via_professional": current.via_professional,
                "version": current.version,
            }
        return InvitationForm(data, initial=initial, staff=actions.eligible_staff(case))

    def act(case: Case, who: Person, form: forms.Form, user: User) -> None:
        d = form.cleaned_data
        actions.save_invitation(
            case=case,
            person=who,
            invite=d["invite"],
            reason_not_invited=d["reason_not_invited"],
            coordinator=d["coordinator"],
            coordinator_phone=d["coordinator_phone"],
            via_professional=d["via_professional"],
            expected_version=d.get("version"),
            acting_user=user,
        )

    return _form_page(
        request,
        reference,
        person_id,
        make_form=make,
        act=act,
        heading="Invitation and contact",
        done="Invitation saved",
    )


@login_required
def contact_add(request: HttpRequest, reference: str, person_id: int) -> HttpResponse:
    def make(case: Case, data: Any) -> forms.Form:
        return ContactForm(data, initial={"by": _user(request).pk}, staff=actions.eligible_staff(case))

    def act(case: Case, who: Person, form: forms.Form, user: User) -> None:
        actions.record_contact(case=case, person=who, acting_user=user, **form.cleaned_data)

    return _form_page(
        request,
        reference,
        person_id,
        make_form=make,
        act=act,
        heading="Record a contact or meeting",
        done="Contact recorded",
    )


@login_required
def letter(request: HttpRequest, reference: str, person_id: int) -> HttpResponse:
    def make(case: Case, data: Any) -> forms.Form:
        initial = {"by": _user(request).pk, "on": timezone.localdate()}
        return LetterForm(data, initial=initial, staff=actions.eligible_staff(case))

    def act(case: Case, who: Person, form: forms.Form, user: User) -> None:
        actions.send_letter(case=case, person=who, acting_user=user, **form.cleaned_data)

    return _form_page(
        request,
        reference,
        person_id,
        make_form=make,
        act=act,
        heading="Send the letter and leaflet",
        done="Letter and leaflet recorded as sent",
        template="family/letter.html",
    )


def _docx(case: Case, data: bytes, filename: str, user: User, what: str) -> HttpResponse:
    audit.log_access(actor=user, what=what, case=case, detail={"label": filename})
    response = HttpResponse(data, content_type=engine.DOCX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def letter_docx(request: HttpRequest, reference: str, person_id: int) -> HttpResponse:
    """Document 8 addressed to this person, from the record (the file name carries no name)."""
    user = _user(request)
    case = get_family_case(user, reference)
    who = _person(case, person_id)
    spec = catalogue.get("FAMILY_LETTER")
    data = engine.render_docx_for(spec, case, person=who)
    filename = engine.filename(spec, case, "docx").replace(".docx", f"_person-{who.pk}.docx")
    return _docx(case, data, filename, user, "family_letter")


@login_required
@require_GET
def leaflet_docx(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = get_family_case(user, reference)
    spec = catalogue.get("FAMILY_LEAFLET")
    return _docx(case, engine.render_docx_for(spec, case), engine.filename(spec, case, "docx"), user, "family_leaflet")


@login_required
def view_add(request: HttpRequest, reference: str, person_id: int) -> HttpResponse:
    def make(case: Case, data: Any) -> forms.Form:
        return ViewForm(data)

    def act(case: Case, who: Person, form: forms.Form, user: User) -> None:
        actions.record_view(case=case, person=who, acting_user=user, **form.cleaned_data)

    return _form_page(
        request, reference, person_id, make_form=make, act=act, heading="Record a view expressed", done="View recorded"
    )


@login_required
def support_add(request: HttpRequest, reference: str, person_id: int) -> HttpResponse:
    def make(case: Case, data: Any) -> forms.Form:
        return SupportForm(data, initial={"offered_by": _user(request).pk}, staff=actions.eligible_staff(case))

    def act(case: Case, who: Person, form: forms.Form, user: User) -> None:
        actions.offer_support(case=case, person=who, acting_user=user, **form.cleaned_data)

    return _form_page(
        request,
        reference,
        person_id,
        make_form=make,
        act=act,
        heading="Record support offered",
        done="Support recorded",
    )


@login_required
def support_edit(request: HttpRequest, reference: str, person_id: int, pk: int) -> HttpResponse:
    offer = SupportOffer.objects.filter(pk=pk, invitation__person_id=person_id).first()

    def make(case: Case, data: Any) -> forms.Form:
        if offer is None or offer.invitation.case_id != case.pk:
            raise Http404("No such support offer.")
        return TakenUpForm(data, initial={"taken_up": offer.taken_up})

    def act(case: Case, who: Person, form: forms.Form, user: User) -> None:
        assert offer is not None
        actions.update_support(offer=offer, taken_up=form.cleaned_data["taken_up"], acting_user=user)

    return _form_page(
        request,
        reference,
        person_id,
        make_form=make,
        act=act,
        heading="Was the support taken up?",
        done="Support updated",
        extra={"offer": offer},
    )


@login_required
def involvement(request: HttpRequest, reference: str, person_id: int) -> HttpResponse:
    def make(case: Case, data: Any) -> forms.Form:
        current = Invitation.objects.filter(case=case, person_id=person_id).first()
        initial = {"involvement": current.involvement, "reason": current.involvement_reason} if current else {}
        return InvolvementForm(data, initial=initial)

    def act(case: Case, who: Person, form: forms.Form, user: User) -> None:
        actions.record_involvement(case=case, person=who, acting_user=user, **form.cleaned_data)

    return _form_page(
        request, reference, person_id, make_form=make, act=act, heading="Taking part in the review", done="Saved"
    )


@login_required
def shared_add(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = get_family_case(user, reference, write=True)
    people = {m.person.pk: m.person for m in network(case)}
    form = SharedForm(
        request.POST if request.method == "POST" else None,
        initial={"shared_by": user.pk},
        staff=actions.eligible_staff(case),
        people=[(str(pk), f"{p} ({p.relationship_to_child or p.get_role_display()})") for pk, p in people.items()],
    )

    def act() -> None:
        d = form.cleaned_data
        who = people.get(int(d["person"])) if d["person"] else None
        actions.record_shared(
            case=case, person=who, what=d["what"], shared_on=d["shared_on"], shared_by=d["shared_by"], acting_user=user
        )

    if request.method == "POST" and form.is_valid() and _save(form, act):
        messages.success(request, "Recorded what was shared")
        return redirect("family:index", reference=case.reference)
    return page(
        request,
        "family/form.html",
        {"case": case, "form": form, "heading": "Record what was shared before publication"},
        forms_=(form,),
    )
