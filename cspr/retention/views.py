"""Pages of the data lifecycle: schedules (administrator, business manager); review, holds, decisions,
destruction, certificates and subject-access exports (the data protection lead only: 404 for others)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from cspr.access import managed_partnership
from cspr.accounts.models import User
from cspr.audit.log import log_access
from cspr.cases.models import Case, Person
from cspr.organisations.models import Partnership
from cspr.retention import actions, certificate, classes, policy, sar
from cspr.retention.access import is_data_protection_lead, protected_partnership
from cspr.retention.forms import (
    ContactForm,
    DecisionForm,
    FindCaseForm,
    HoldForm,
    PersonHoldForm,
    ReleaseForm,
    ScheduleForm,
)
from cspr.retention.models import DestructionCertificate, LegalHold, RetentionSettings, ReviewDecision, Schedule
from cspr.ui.paging import paging_for
from cspr.ui.render import page

PAGE_SIZE = 25
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _settings(partnership: Partnership) -> RetentionSettings:
    return RetentionSettings.objects.get_or_create(partnership=partnership)[0]


def _refused(form: object, error: ValidationError) -> None:
    assert hasattr(form, "add_error")
    form.add_error(None, error.messages[0] if error.messages else "This cannot be done.")


@login_required
def schedules(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    partnership = managed_partnership(user)
    periods = policy.periods(partnership)
    rows = [(rc, periods[rc.key]) for rc in classes.CLASSES]
    return page(
        request,
        "retention/schedules.html",
        {
            "partnership": partnership,
            "rows": rows,
            "contact": _settings(partnership),
            "is_lead": is_data_protection_lead(user, partnership.pk),
        },
    )


@login_required
def schedule_edit(request: HttpRequest, record_class: str) -> HttpResponse:
    user = _user(request)
    partnership = managed_partnership(user)
    rc = classes.BY_KEY.get(record_class)
    if rc is None or not rc.destroyable:
        raise Http404("Page not found.")
    period = policy.periods(partnership)[rc.key]
    row = Schedule.objects.filter(partnership=partnership, record_class=rc.key).first()
    version = row.version if row is not None else 0
    if request.method == "POST":
        form = ScheduleForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.save_schedule(
                    partnership,
                    record_class=rc.key,
                    years=data.get("years") or 0,
                    months=data.get("months") or 0,
                    permanent=data["permanent"],
                    expected_version=data["version"],
                    acting_user=user,
                )
            except actions.StaleEdit:
                form.add_error(
                    None, "Someone else changed this period while you were editing it. Check it and save again."
                )
                data = request.POST.copy()
                data["version"] = str(version)
                form.data = data
            except ValidationError as error:
                _refused(form, error)
            else:
                messages.success(request, f"Retention period saved: {rc.label}")
                return redirect("retention:schedules")
    else:
        form = ScheduleForm(
            initial={
                "version": version,
                "permanent": "yes" if period.permanent else "no",
                "years": period.years,
                "months": period.months,
            }
        )
    return page(request, "retention/schedule_edit.html", {"rc": rc, "period": period, "form": form}, forms_=(form,))


@login_required
def contact(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    partnership = managed_partnership(user)
    current = _settings(partnership)
    staff = User.objects.filter(partnership=partnership, is_active=True).exclude(role__in=["practitioner"])
    if request.method == "POST":
        form = ContactForm(request.POST, staff=staff)
        if form.is_valid():
            try:
                actions.save_contact(
                    partnership,
                    lead=form.cleaned_data["data_protection_lead"],
                    email=form.cleaned_data["data_protection_email"],
                    expected_version=form.cleaned_data["version"],
                    acting_user=user,
                )
            except actions.StaleEdit:
                form.add_error(None, "Someone else changed these details while you were editing them. Save again.")
                data = request.POST.copy()
                data["version"] = str(_settings(partnership).version)
                form.data = data
            except ValidationError as error:
                _refused(form, error)
            else:
                messages.success(request, "Data protection contact saved")
                return redirect("retention:schedules")
    else:
        form = ContactForm(
            staff=staff,
            initial={
                "version": current.version,
                "data_protection_lead": current.data_protection_lead_id,
                "data_protection_email": current.data_protection_email,
            },
        )
    return page(request, "retention/contact.html", {"form": form}, forms_=(form,))


@login_required
def review(request: HttpRequest) -> HttpResponse:
    partnership = protected_partnership(_user(request))
    units = policy.due_units(partnership, timezone.localdate())
    paging = paging_for(request, len(units), PAGE_SIZE)
    shown = units if paging["all"] else units[paging["offset"] : paging["offset"] + PAGE_SIZE]
    return page(
        request,
        "retention/review.html",
        {"partnership": partnership, "units": shown, "total": len(units), "paging": paging},
    )


def _partnership_case(partnership: Partnership, reference: str) -> Case:
    case = Case.objects.filter(reference=reference, lead_partnership=partnership).first()
    if case is None:
        raise Http404("Page not found.")
    return case


@login_required
def unit(request: HttpRequest, record_class: str, reference: str) -> HttpResponse:
    user = _user(request)
    partnership = protected_partnership(user)
    rc = classes.BY_KEY.get(record_class)
    if rc is None or not rc.destroyable:
        raise Http404("Page not found.")
    case = _partnership_case(partnership, reference)
    today = timezone.localdate()
    found = policy.unit_for(partnership, rc.key, case.pk, today)
    holds = [h for h in policy.active_holds(partnership).reasons.get(case.pk, [])]
    decisions = ReviewDecision.objects.filter(partnership=partnership, case=case, record_class=rc.key)
    period = policy.periods(partnership)[rc.key]
    counts = [(spec.model._meta.verbose_name_plural, spec.for_case(case).count()) for spec in rc.rows]
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_decision(
                partnership,
                case_id=case.pk,
                record_class=rc.key,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                review_again_on=form.cleaned_data.get("review_again_on"),
                acting_user=user,
                today=today,
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, "Decision recorded")
            return redirect("retention:unit", rc.key, case.reference)
    return page(
        request,
        "retention/unit.html",
        {
            "rc": rc,
            "case": case,
            "unit": found,
            "period": period,
            "holds": holds,
            "decisions": decisions,
            "counts": counts,
            "form": form,
        },
        forms_=(form,),
    )


@login_required
@require_POST
def destroy(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    partnership = protected_partnership(user)
    decision = ReviewDecision.objects.filter(pk=pk, partnership=partnership).first()
    if decision is None:
        raise Http404("Page not found.")
    try:
        done = actions.destroy(partnership, decision.pk, acting_user=user)
    except ValidationError as error:
        return page(
            request,
            "retention/refused.html",
            {"message": error.messages[0], "decision": decision},
            status=400,
        )
    messages.success(request, f"Records destroyed: certificate {done.number}")
    return redirect("retention:certificate", done.pk)


@login_required
def holds(request: HttpRequest) -> HttpResponse:
    partnership = protected_partnership(_user(request))
    rows = LegalHold.objects.filter(partnership=partnership).select_related("person", "placed_by", "released_by")
    paging = paging_for(request, rows.count(), PAGE_SIZE)
    shown = rows if paging["all"] else rows[paging["offset"] : paging["offset"] + PAGE_SIZE]
    return page(request, "retention/holds.html", {"holds": shown, "paging": paging, "labels": _labels()})


def _labels() -> dict[str, str]:
    return {c.key: c.label for c in classes.CLASSES} | {"": "Every record"}


@login_required
def hold_add(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    partnership = protected_partnership(user)
    form = HoldForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = None
        if data["case_reference"]:
            case = Case.objects.filter(reference=data["case_reference"].strip(), lead_partnership=partnership).first()
            if case is None:
                form.add_error("case_reference", "No case of the partnership has this reference")
        if not form.errors:
            try:
                actions.place_hold(
                    partnership, case=case, record_class=data["record_class"], reason=data["reason"], acting_user=user
                )
            except ValidationError as error:
                _refused(form, error)
            else:
                messages.success(request, "Legal hold placed")
                return redirect("retention:holds")
    return page(request, "retention/hold_add.html", {"form": form}, forms_=(form,))


@login_required
def person_hold(request: HttpRequest, reference: str, person_id: int) -> HttpResponse:
    """A legal hold on one person: their case and every case linked to it."""
    user = _user(request)
    partnership = protected_partnership(user)
    case = _partnership_case(partnership, reference)
    person = Person.objects.filter(pk=person_id, case=case).first()
    if person is None:
        raise Http404("Page not found.")
    form = PersonHoldForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.place_hold(
                partnership,
                person=person,
                record_class=form.cleaned_data["record_class"],
                reason=form.cleaned_data["reason"],
                acting_user=user,
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, "Legal hold placed")
            return redirect("retention:holds")
    linked = [p.case.reference for p in sar.matches(person)]
    log_access(actor=user, what="subject_access_people", case=case, obj=person)
    return page(
        request,
        "retention/person_hold.html",
        {"case": case, "person": person, "linked": linked, "form": form},
        forms_=(form,),
    )


@login_required
def hold_release(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    partnership = protected_partnership(user)
    hold = LegalHold.objects.filter(pk=pk, partnership=partnership).first()
    if hold is None:
        raise Http404("Page not found.")
    form = ReleaseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.release_hold(partnership, hold.pk, reason=form.cleaned_data["reason"], acting_user=user)
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, "Legal hold released")
            return redirect("retention:holds")
    return page(
        request, "retention/hold_release.html", {"hold": hold, "form": form, "labels": _labels()}, forms_=(form,)
    )


@login_required
def certificates(request: HttpRequest) -> HttpResponse:
    partnership = protected_partnership(_user(request))
    rows = DestructionCertificate.objects.filter(partnership=partnership)
    paging = paging_for(request, rows.count(), PAGE_SIZE)
    shown = rows if paging["all"] else rows[paging["offset"] : paging["offset"] + PAGE_SIZE]
    return page(request, "retention/certificates.html", {"certificates": shown, "paging": paging})


def _certificate(request: HttpRequest, pk: int) -> DestructionCertificate:
    partnership = protected_partnership(_user(request))
    found = DestructionCertificate.objects.filter(pk=pk, partnership=partnership).select_related("partnership").first()
    if found is None:
        raise Http404("Page not found.")
    return found


@login_required
def certificate_page(request: HttpRequest, pk: int) -> HttpResponse:
    return page(request, "retention/certificate.html", {"certificate": _certificate(request, pk)})


@login_required
def certificate_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    found = _certificate(request, pk)
    if fmt not in {"docx", "pdf"}:
        raise Http404("Page not found.")
    if fmt == "pdf":
        data, mime = certificate.pdf(found), "application/pdf"
    else:
        data, mime = certificate.docx(found), DOCX_MIME
    log_access(actor=_user(request), what="destruction_certificate", obj=found, detail={"format": fmt})
    response = HttpResponse(data, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="destruction-certificate-{found.number}.{fmt}"'
    return response


@login_required
def subject_access(request: HttpRequest) -> HttpResponse:
    partnership = protected_partnership(_user(request))
    form = FindCaseForm(request.GET if "reference" in request.GET else None)
    people: list[Person] = []
    case = None
    if form.is_bound and form.is_valid():
        case = Case.objects.filter(
            reference=form.cleaned_data["reference"].strip(), lead_partnership=partnership
        ).first()
        if case is None:
            form.add_error("reference", "No case of the partnership has this reference")
        else:
            people = list(case.people.all())
            log_access(actor=_user(request), what="subject_access_people", case=case)
    return page(
        request,
        "retention/subject_access.html",
        {"form": form, "case": case, "people": people},
        forms_=(form,),
        status=200,
    )


@login_required
def subject_access_export(request: HttpRequest, reference: str, person_id: int) -> HttpResponse:
    user = _user(request)
    partnership = protected_partnership(user)
    case = _partnership_case(partnership, reference)
    person = Person.objects.filter(pk=person_id, case=case).select_related("case").first()
    if person is None:
        raise Http404("Page not found.")
    if request.method != "POST":
        linked = [p.case.reference for p in sar.matches(person)]
        log_access(actor=user, what="subject_access_people", case=case, obj=person)
        return page(request, "retention/subject_access_export.html", {"case": case, "person": person, "linked": linked})
    name, data = sar.export(partnership, person, acting_user=user)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
