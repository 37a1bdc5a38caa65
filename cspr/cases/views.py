from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse

from cspr.access import Access, case_access, cases_for_user, get_case_for_user, require_capability
from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases import actions, sections
from cspr.cases import forms as case_forms
from cspr.cases.editing import edit_page, user_of
from cspr.cases.models import Case, Origin, Person, Stage
from cspr.changes import fragments
from cspr.ui.paging import paging_for


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


CASES_PER_PAGE = 50


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    role = Role(user.role)
    require_capability(user, role.sees_all_partnership_cases or role.works_through_case_membership)
    cases = cases_for_user(user)
    # Search by reference (never by a name: a search goes in the URL) and filter by headline stage.
    search = request.GET.get("q", "").strip()[:30]
    stage = request.GET.get("stage", "")
    if search:
        cases = cases.filter(reference__icontains=search)
    if stage in Stage.values:
        cases = cases.filter(stage=stage)
    total = cases.count()
    paging = paging_for(request, total, CASES_PER_PAGE)
    rows = cases.values("reference", "stage", "created_at", partnership=F("lead_partnership__name")).order_by(
        "-created_at", "-id"
    )
    if not paging["all"]:
        rows = rows[paging["offset"] : paging["offset"] + CASES_PER_PAGE]
    labels = dict(Stage.choices)
    return render(
        request,
        "cases/list.html",
        {
            "cases": [row | {"stage_label": labels.get(row["stage"], row["stage"])} for row in rows],
            "total": total,
            "paging": paging,
            "search": search,
            "stage_items": [{"value": "", "text": "All stages"}]
            + [{"value": v, "text": t, "selected": v == stage} for v, t in Stage.choices],
            "filtered": bool(search or stage),
            # One URL lookup for the page, not one per row.
            "detail_prefix": reverse("cases:detail", kwargs={"reference": "X"}).removesuffix("X/"),
        },
    )


@login_required
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, reference, related=tuple(sections.RELATED))

    def parts() -> tuple[object, ...]:
        return (case.pk, fragments.case_stamp(case.pk), fragments.reference_stamp())

    def build() -> str:
        # Read by two sections (the people, the chronology's count): once. The model's order without
        # its leading "case", which would join the cases table for nothing.
        prefetch_related_objects([case], Prefetch("people", Person.objects.order_by("role", "date_of_birth", "id")))
        found = sections.sections_for(request, case)
        return render_to_string("cases/_sections.html", {"case": case, "sections": found}, request=request)

    sections_html = fragments.cached("case-sections", parts, request, build)
    return render(request, "cases/detail.html", {"case": case, "sections_html": sections_html})


# --- Opening a case and editing its record (issue 4) -------------------------------------------


NOTIFY_SESSION_KEY = "rapidreview.notify"


def _detail_url(case: Case) -> str:
    return reverse("cases:detail", kwargs={"reference": case.reference})


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    """Open a case from a serious incident notification or a Document 1a referral."""
    user = user_of(request)
    require_capability(user, Role(user.role).edits_partnership_cases and user.partnership_id is not None)
    assert user.partnership is not None
    decision = request.session.get(NOTIFY_SESSION_KEY)

    def save(form: forms.BaseForm) -> Case:
        d = form.cleaned_data
        case = actions.open_case(
            partnership=user.partnership,  # type: ignore[arg-type]
            origin=Origin(d["origin"]),
            dates={
                k: d.get(k) for k in ("incident_date", "aware_date", "notification_sent_date", "referral_received_date")
            },
            referral={
                **{
                    k: d[k]
                    for k in (
                        "referrer_name",
                        "referrer_agency_role",
                        "referrer_contact",
                        "referrer_email",
                        "dsl_name",
                        "dsl_agency_role",
                        "dsl_contact",
                        "incident_kind",
                        "incident_location",
                        "circumstances",
                        "reasons",
                    )
                },
                "date_of_referral": d.get("referral_received_date"),
            },
            child={k: d[k] for k in ("first_name", "last_name", "date_of_birth", "nhs_number")},
            notification_decision=decision,
            acting_user=user,
        )
        request.session.pop(NOTIFY_SESSION_KEY, None)
        return case

    intro = ["Enter what you know now: you can add the family, agencies and the rest of the referral afterwards."]
    if decision:
        intro.append("The answers from ‘Should we notify?’ will be saved with the case.")
    return edit_page(
        request,
        None,
        make_form=lambda data: case_forms.OpenCaseForm(data),
        save=save,
        done_url=reverse("cases:list"),
        title="Open a case",
        submit="Open the case",
        intro=intro,
        success="Case {result.reference} opened",
        redirect_to=_detail_url,
    )


def _versioned_initial(obj: Any, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields} | {"version": obj.version}


@login_required
def case_dates(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    names = ["incident_date", "aware_date", "notification_sent_date", "referral_received_date", "sin_reference"]
    return edit_page(
        request,
        case,
        make_form=lambda data: case_forms.DatesForm(data, case=case, initial=_versioned_initial(case, names)),
        save=lambda f: actions.update_dates(
            case,
            expected_version=f.cleaned_data.get("version"),
            values={n: f.cleaned_data.get(n) for n in names},
            acting_user=user,
        ),
        done_url=_detail_url(case),
        title="Anchor dates",
        intro=["Deadlines are worked out from these dates. Later dates are set by the steps of the review."],
        success="Dates saved",
    )


@login_required
def case_referral(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    from cspr.cases.models import Referral

    referral = Referral.objects.filter(case=case).first() or Referral(case=case)

    def make(data: Any) -> forms.BaseForm:
        return case_forms.ReferralForm(data, instance=referral, initial={"version": referral.version})

    return edit_page(
        request,
        case,
        make_form=make,
        save=lambda f: actions.update_referral(
            case,
            expected_version=f.cleaned_data.get("version") if referral.pk else None,
            values={k: v for k, v in f.cleaned_data.items() if k != "version"},
            acting_user=user,
        ),
        done_url=_detail_url(case),
        title="Referral (Document 1a)",
        success="Referral saved",
    )


@login_required
def person_edit(request: HttpRequest, reference: str, person_id: int | None = None) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    person = get_object_or_404(Person, pk=person_id, case=case) if person_id is not None else None

    def make(data: Any) -> forms.BaseForm:
        if person is None:
            return case_forms.PersonForm(data)
        return case_forms.PersonForm(data, instance=person, initial={"version": person.version})

    def save(f: forms.BaseForm) -> Person:
        values = {k: v for k, v in f.cleaned_data.items() if k != "version"}
        # A ModelForm writes its cleaned values onto the instance; the action re-reads the row under lock.
        fresh = Person.objects.get(pk=person.pk) if person is not None else None
        return actions.save_person(
            case, fresh, expected_version=f.cleaned_data.get("version"), values=values, acting_user=user
        )

    return edit_page(
        request,
        case,
        make_form=make,
        save=save,
        done_url=_detail_url(case),
        title="Add a person" if person is None else "Change a person's details",
        intro=["The subject child, a family member or a significant other (Document 1a sections 1.1 and 1.2)."],
        success="Person saved",
    )


@login_required
def relationship_add(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    return edit_page(
        request,
        case,
        make_form=lambda data: case_forms.RelationshipForm(data, case=case),
        save=lambda f: actions.save_relationship(
            case,
            from_person=f.cleaned_data["from_person"],
            to_person=f.cleaned_data["to_person"],
            kind=f.cleaned_data["kind"],
            separated=f.cleaned_data["separated"],
            note=f.cleaned_data["note"],
            acting_user=user,
        ),
        done_url=_detail_url(case),
        title="Add a relationship",
        intro=["Relationships draw the genogram. Read it as: person – relationship – to."],
        success="Relationship saved",
    )


@login_required
def agency_add(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, contribute=True)
    # C12: a collaborating partnership contributes its own agencies; the lead chooses from all.
    only = None if case_access(user, case) >= Access.WRITE else user.partnership_id
    return edit_page(
        request,
        case,
        make_form=lambda data: case_forms.AgencyInvolvementForm(data, case=case, only_partnership=only),
        save=lambda f: actions.save_agency_involvement(
            case,
            agency=f.cleaned_data["agency"],
            reason=f.cleaned_data["reason"],
            current=f.cleaned_data["current"],
            acting_user=user,
        ),
        done_url=_detail_url(case),
        title="Add an agency known to be involved",
        success="Agency saved",
    )


@login_required
def parallel_add(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)

    def saved(process: Any) -> str:
        if process.overlaps_review and not process.experts_invited:
            return (
                f"A {process.get_kind_display()} may overlap: invite the relevant local experts or commissioners to "
                "the Rapid Review (toolkit §4.6.2)."
            )
        return ""

    return edit_page(
        request,
        case,
        make_form=lambda data: case_forms.ParallelProcessForm(data),
        save=lambda f: actions.save_parallel_process(case, acting_user=user, **f.cleaned_data),
        done_url=_detail_url(case),
        title="Add a parallel process",
        intro=["Criminal investigation, coroner, adult safeguarding, or an overlapping DHR, SAR or MAPPA review."],
        success="Parallel process saved",
        on_saved=saved,
    )


@login_required
def event_add(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    return edit_page(
        request,
        case,
        make_form=lambda data: case_forms.ReferralEventForm(data),
        save=lambda f: actions.add_referral_event(case, acting_user=user, **f.cleaned_data),
        done_url=_detail_url(case),
        title="Add a key event",
        intro=["Only key events around the time of the incident: this is not a detailed chronology."],
        success="Event saved",
    )


@login_required
def collaborator_add(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    return edit_page(
        request,
        case,
        make_form=lambda data: case_forms.CollaboratorForm(data, case=case),
        save=lambda f: actions.add_collaborator(
            case, partnership=f.cleaned_data["partnership"], reason=f.cleaned_data["reason"], acting_user=user
        ),
        done_url=_detail_url(case),
        title="Add a collaborating partnership",
        intro=[
            "For a cross-border case. The collaborating partnership can see and work on this case.",
            "This partnership's rule for which partnership leads: "
            f"{case.lead_partnership.get_cross_border_lead_display().lower()}. If the other partnership should "
            "lead instead, agree it with them before going further.",
        ],
        success="Collaborating partnership added",
    )


@login_required
def link_add(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)

    def save(f: forms.BaseForm) -> None:
        # Through the access helper like any other fetch: the same 404 rule, and the read logged.
        try:
            other = get_case_for_user(user, f.cleaned_data["other_reference"].strip().upper())
        except Http404:
            raise ValidationError({"other_reference": "Enter the reference of a case you can see"}) from None
        actions.link_case(case, other, acting_user=user)

    return edit_page(
        request,
        case,
        make_form=lambda data: case_forms.LinkCaseForm(data),
        save=save,
        done_url=_detail_url(case),
        title="Link another case",
        intro=["Linked cases can be considered together later, for example in a thematic review."],
        success="Case linked",
    )


@login_required
def household_add(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    return edit_page(
        request,
        case,
        make_form=lambda data: case_forms.HouseholdForm(data, case=case),
        save=lambda f: actions.save_household(
            case,
            name=f.cleaned_data["name"],
            address=f.cleaned_data["address"],
            members=list(f.cleaned_data["members"]),
            acting_user=user,
        ),
        done_url=_detail_url(case),
        title="Add a household",
        intro=["Households are drawn on the genogram."],
        success="Household saved",
    )
