"""Pages of the Rapid Review stage. Data comes through ``cspr.access``; changes through
``cspr.rapidreview.actions``; every case page read is logged."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cspr.access import Access, case_access, get_case_for_user, managed_partnership, require_capability
from cspr.accounts.roles import Role
from cspr.cases import partner_acts
from cspr.cases.editing import edit_page, user_of
from cspr.cases.models import Case
from cspr.cases.transitions import is_allowed
from cspr.cases.views import NOTIFY_SESSION_KEY
from cspr.organisations.models import PartnerKind
from cspr.portal.actions import send_scoping_requests
from cspr.rapidreview import actions, clock, completeness, notify, quorum, ratification
from cspr.rapidreview import forms as rr_forms
from cspr.rapidreview.models import Attendee, Meeting, PanelConsideration, RapidReviewRecord, Ratification
from cspr.rapidreview.pack import preview as pack_preview
from cspr.ui.render import page


def _overview_url(case: Case) -> str:
    return reverse("rapidreview:overview", kwargs={"reference": case.reference})


@login_required
def notify_helper(request: HttpRequest) -> HttpResponse:
    """“Should we notify?”: usable before any case exists; the result is kept for the case."""
    user = user_of(request)
    require_capability(user, not Role(user.role).is_external)
    form = rr_forms.NotifyForm(request.POST if request.method == "POST" else None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        answers = notify.Answers.from_dict(form.answers())
        outcome = notify.decide(answers)
        request.session[NOTIFY_SESSION_KEY] = {
            "answers": answers.to_dict(),
            "outcome": outcome.to_dict(),
            "decided_at": timezone.now().isoformat(),
            "decided_by": user.full_name,
        }
    return page(
        request,
        "rapidreview/notify.html",
        {"form": form, "outcome": outcome, "can_open": Role(user.role).edits_partnership_cases},
        forms_=(form,),
    )


@login_required
def overview(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference)
    meeting = Meeting.objects.filter(case=case).first()
    record = RapidReviewRecord.objects.filter(case=case).first()
    attendees = list(meeting.attendees.select_related("user__statutory_partner")) if meeting else []
    ratified = {r.partner: r for r in Ratification.objects.filter(case=case).select_related("recorded_by")}
    access = case_access(user, case)
    return page(
        request,
        "rapidreview/overview.html",
        {
            "case": case,
            "meeting": meeting,
            "attendees": attendees,
            "absences": list(meeting.absences.all()) if meeting else [],
            "quorum": quorum.compute(attendees, case.lead_partnership_id),
            "record": record,
            "ratifications": [(kind, ratified.get(kind.value)) for kind in PartnerKind],
            "endorsement": getattr(case, "rr_endorsement", None),
            "submission": getattr(case, "rr_submission", None),
            "window": clock.meeting_window(case),
            "window_warning": clock.meeting_warning(case, meeting.date) if meeting else "",
            "involvements": list(case.agencies_involved.select_related("agency")),
            "family_missing": actions.family_composition_missing(case),
            "can": {
                "record_scoping_sent": is_allowed(case, "portal.send_scoping_requests"),
            }
            | {
                name: is_allowed(case, f"rapidreview.{name}")
                for name in (
                    "set_meeting",
                    "save_attendee",
                    "save_absence",
                    "save_record",
                    "record_decision",
                    "ratify",
                    "endorse",
                    "submit",
                    "record_panel_response",
                )
            },
            "sections": SECTIONS,
            "record_rows": record_rows(record, case),
            "checklist": meeting_checklist(case),
            "can_write": access >= Access.WRITE,
            "can_contribute": access >= Access.CONTRIBUTE,
            "my_partnership": user.partnership_id,
            "can_endorse": _endorses(user, case),
            "can_ratify_own": ratification.may_ratify_own(user, case)
            and partner_acts.own_partner(user, case).kind not in ratified,  # type: ignore[union-attr]
            "can_ratify_on_behalf": ratification.may_ratify_on_behalf(user, case)
            and bool(ratification.on_behalf_choices(user, case)),
            "own_partner": partner_acts.own_partner(user, case),
            "partner_labels": dict(PartnerKind.choices),
        },
    )


@login_required
def scoping(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    missing = actions.family_composition_missing(case)
    chosen = list(case.agencies_involved.values_list("agency_id", flat=True))
    return edit_page(
        request,
        case,
        make_form=lambda data: rr_forms.ScopingForm(
            data, case=case, initial={"agencies": chosen, "sent_date": timezone.localdate()}
        ),
        # The one send action, the same as the portal's send page (rule 21, C5).
        save=lambda f: send_scoping_requests(
            case,
            list(f.cleaned_data["agencies"]),
            sent_date=f.cleaned_data["sent_date"],
            acting_user=user,
        ),
        done_url=_overview_url(case),
        title="Send scoping requests (Document 2)",
        submit="Send the scoping requests",
        intro=[
            "Each agency is asked for its involvement with the child and family, using Document 2 and the cover "
            "letter (Document 2a), with the return date from the clock.",
        ],
        extra={"warning": missing},
        success="Scoping requests recorded as sent",
    )


@login_required
def meeting(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    current = Meeting.objects.filter(case=case).first()
    window = clock.meeting_window(case)
    intro = ["Set the date as soon as the scoping requests have gone out."]
    if window:
        intro.append(f"The meeting should be between {window[0]:%-d %B %Y} and {window[1]:%-d %B %Y}.")
    initial = {"date": current.date, "time": current.time, "location": current.location} if current else {}
    return edit_page(
        request,
        case,
        make_form=lambda data: rr_forms.MeetingForm(data, initial=initial),
        save=lambda f: actions.set_meeting(case, acting_user=user, **f.cleaned_data),
        done_url=_overview_url(case),
        title="Rapid Review meeting date",
        intro=intro,
        success="Meeting date saved",
        on_saved=lambda result: result[1],
    )


@login_required
@require_POST
def invitations(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    try:
        count = actions.send_invitations(case, acting_user=user)
    except ValidationError as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, f"{count} invitation{'s' if count != 1 else ''} sent")
    return redirect(_overview_url(case))


@login_required
def attendee_edit(request: HttpRequest, reference: str, attendee_id: int | None = None) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, contribute=True)
    attendee = get_object_or_404(Attendee, pk=attendee_id, meeting__case=case) if attendee_id else None
    if (
        attendee is not None
        and case_access(user, case) < Access.WRITE
        and attendee.contributed_by_id != user.partnership_id
    ):
        raise PermissionDenied("A collaborating partnership changes only the people it added.")

    def make(data: Any) -> forms.BaseForm:
        if attendee:
            return rr_forms.AttendeeForm(data, instance=attendee, case=case)
        return rr_forms.AttendeeForm(data, case=case)

    def save(f: forms.BaseForm) -> Attendee:
        fresh = Attendee.objects.get(pk=attendee.pk) if attendee else None
        return actions.save_attendee(case, fresh, values=f.cleaned_data, acting_user=user)

    return edit_page(
        request,
        case,
        make_form=make,
        save=save,
        done_url=_overview_url(case),
        title="Add a participant or observer" if attendee is None else "Change attendance",
        intro=[
            "Add people before the meeting to invite them; on the day record who is present, the confidentiality "
            "agreement and any conflict of interest."
        ],
        success="Attendance saved",
    )


@login_required
def absence_add(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    return edit_page(
        request,
        case,
        make_form=lambda data: rr_forms.AbsenceForm(data),
        save=lambda f: actions.save_absence(case, acting_user=user, **f.cleaned_data),
        done_url=_overview_url(case),
        title="Record an expected agency that was absent",
        success="Absence recorded",
    )


SECTIONS: dict[str, tuple[str, type[forms.Form]]] = {
    "summary": ("Section 1: case summary and documentation", rr_forms.SummaryForm),
    "safeguarding": ("2.1 Immediate safeguarding arrangements", rr_forms.SafeguardingForm),
    "criteria": ("2.2 Identifying improvements: the criteria", rr_forms.CriteriaForm),
    "discussion": ("2.3 Rapid Review discussions and learning", rr_forms.DiscussionForm),
}


def meeting_checklist(case: Case) -> list[tuple[str, bool | None]]:
    """Rule 27 papers and rule 30 experts: (item, done?) — None where another app will know."""
    from cspr.cases.models import OVERLAPPING_REVIEWS, Referral

    people = case.people.count()
    overlapping = [p for p in case.parallel_processes.all() if p.kind in OVERLAPPING_REVIEWS]
    items: list[tuple[str, bool | None]] = [
        (
            "The referral form (Document 1a) is complete",
            Referral.objects.filter(case=case).exclude(circumstances="").exists(),
        ),
        (
            "The family is recorded for the genogram (at least two people and their relationships)",
            people >= 2 and case.relationships.exists(),
        ),
        ("The serious incident notification is recorded", case.notification_sent_date is not None),
        ("The completed scoping templates are collated (agency portal)", None),
        ("An integrated chronology of key practice learning events is ready (chronology)", None),
    ]
    for p in overlapping:
        items.append(
            (f"Experts or commissioners for the {p.get_kind_display()} are invited (§4.6.2)", p.experts_invited)
        )
    return items


def record_rows(record: RapidReviewRecord | None, case: Case) -> list[tuple[str, list[tuple[str, str]]]]:
    """Document 4 sections 1 and 2 as (section title, [(label, value)]) for reading; blanks left out."""
    if record is None:
        return []
    considerations = list(case.lead_partnership.panel_considerations.filter(active=True))
    out = []
    for title, form_class in SECTIONS.values():
        form = (
            rr_forms.DiscussionForm(considerations=considerations)
            if form_class is rr_forms.DiscussionForm
            else form_class()
        )
        rows: list[tuple[str, str]] = []
        for name, field in form.fields.items():
            if name == "version":
                continue
            if name.startswith("panel_"):
                value: Any = (record.panel_answers or {}).get(name.removeprefix("panel_"), "")
            else:
                value = getattr(record, name, "")
            if name == "criteria":
                value = "; ".join(record.criteria_labels())
            elif isinstance(value, bool):
                value = "Yes" if value else "No"
            if value not in ("", None, [], {}):
                rows.append((str(field.label), str(value)))
        out.append((title, rows))
    return out


@login_required
def record_section(request: HttpRequest, reference: str, section: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    if section not in SECTIONS:
        from django.http import Http404

        raise Http404("No such section.")
    title, form_class = SECTIONS[section]
    record = RapidReviewRecord.objects.filter(case=case).first() or RapidReviewRecord(case=case)
    initial: dict[str, Any] = {name: getattr(record, name, None) for name in form_class.base_fields}
    initial["version"] = record.version
    considerations = list(case.lead_partnership.panel_considerations.filter(active=True))
    for item in considerations:
        initial[f"panel_{item.pk}"] = (record.panel_answers or {}).get(str(item.pk), "")

    def make(data: Any) -> forms.BaseForm:
        if form_class is rr_forms.DiscussionForm:
            return rr_forms.DiscussionForm(data, initial=initial, considerations=considerations)
        return form_class(data, initial=initial)

    def save(f: forms.BaseForm) -> RapidReviewRecord:
        values = (
            f.values()
            if isinstance(f, rr_forms.DiscussionForm)
            else {k: v for k, v in f.cleaned_data.items() if k != "version"}
        )
        return actions.save_record(
            case,
            expected_version=f.cleaned_data.get("version") if record.pk else None,
            values=values,
            acting_user=user,
        )

    return edit_page(
        request,
        case,
        make_form=make,
        save=save,
        done_url=_overview_url(case),
        title=title,
        submit="Save draft",
        intro=["You can save as often as you like: nothing is final until the decision is recorded."],
        success="Saved",
    )


@login_required
def decision(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    record = RapidReviewRecord.objects.filter(case=case).first() or RapidReviewRecord(case=case)
    q = quorum.for_meeting(Meeting.objects.filter(case=case).first())
    missing = completeness.missing_parts(case, record if record.pk else None)
    initial = {
        "decision": record.decision,
        "other_review": record.other_review,
        "kloes": record.kloes,
        "reasons": record.reasons,
        "version": record.version,
        "decision_date": timezone.localdate(),
    }
    return edit_page(
        request,
        case,
        make_form=lambda data: rr_forms.DecisionForm(data, initial=initial),
        save=lambda f: actions.record_decision(
            case,
            expected_version=f.cleaned_data.get("version") if record.pk else None,
            decision=f.cleaned_data["decision"],
            other_review=f.cleaned_data["other_review"],
            kloes=f.cleaned_data["kloes"],
            reasons=f.cleaned_data["reasons"],
            decision_date=f.cleaned_data["decision_date"],
            acting_user=user,
        ),
        done_url=_overview_url(case),
        title="Section 3: the decision",
        submit="Record the decision",
        intro=[q.message, *q.without_authority, *q.not_counted],
        extra={"missing": missing, "sections": SECTIONS},
        template="rapidreview/decision.html",
        success="Decision recorded: it now needs ratifying by the three safeguarding partners",
    )


@login_required
def ratify(request: HttpRequest, reference: str) -> HttpResponse:
    """A statutory partner lead ratifies for their own partner (rule 37, C7)."""
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    if Role(user.role) is not Role.PARTNER_LEAD:
        raise PermissionDenied("Only a statutory partner lead ratifies for their partner.")
    own = partner_acts.own_partner(user, case)
    intro = ["Each of the three safeguarding partners ratifies the decision before it goes to the National Panel."]
    if own is None:
        # Not a dead end with an empty form: say why and who can fix it.
        return page(request, "rapidreview/ratify_unlinked.html", {"case": case, "back": _overview_url(case)})
    intro.append(f"You ratify for the {own.get_kind_display()} ({own.organisation_name}) only.")
    choices = [(own.kind, own.get_kind_display())]
    initial = {
        "date": timezone.localdate(),
        "partner": own.kind,
        "executive_name": user.full_name,
        "executive_role": user.job_title,
    }
    return edit_page(
        request,
        case,
        make_form=lambda data: rr_forms.RatifyForm(data, initial=initial, partners=choices),
        save=lambda f: actions.ratify(case, acting_user=user, **f.cleaned_data),
        done_url=_overview_url(case),
        title="Ratify the Rapid Review decision",
        submit="Record ratification",
        intro=intro,
        success="Ratification recorded",
    )


@login_required
def ratify_on_behalf(request: HttpRequest, reference: str) -> HttpResponse:
    """The separate, explicit act of ratifying for a partner one does not belong to."""
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    if not ratification.may_ratify_on_behalf(user, case):
        raise PermissionDenied("Ratifying on behalf of another partner is not open to you here.")
    intro = [
        "Use this only when the partner's own lead cannot ratify. Say why, and the delegation you rely on: both "
        "appear on the case, in the audit trail and in Document 4's sign-off.",
    ]
    return edit_page(
        request,
        case,
        make_form=lambda data: rr_forms.RatifyOnBehalfForm(
            data, initial={"date": timezone.localdate()}, partners=ratification.on_behalf_choices(user, case)
        ),
        save=lambda f: ratification.ratify_on_behalf(case, acting_user=user, **f.cleaned_data),
        done_url=_overview_url(case),
        title="Ratify on behalf of another partner",
        submit="Record ratification on their behalf",
        intro=intro,
        success="Ratification on behalf recorded",
    )


def _endorses(user: Any, case: Case) -> bool:
    """The lead partnership's independent scrutineer (C12: not a collaborator's)."""
    return bool(Role(user.role).endorses and user.partnership_id == case.lead_partnership_id)


@login_required
def endorse(request: HttpRequest, reference: str) -> HttpResponse:
    """The independent scrutineer endorses the Rapid Review themselves, or a case writer records it."""
    user = user_of(request)
    case = get_case_for_user(user, reference)
    if case_access(user, case) < Access.WRITE and not _endorses(user, case):
        raise PermissionDenied("You have read-only access to this case.")
    initial: dict[str, Any] = {"date": timezone.localdate()}
    if _endorses(user, case):
        initial |= {"name": user.full_name, "role": user.job_title or Role(user.role).label}
    return edit_page(
        request,
        case,
        make_form=lambda data: rr_forms.EndorseForm(data, initial=initial),
        save=lambda f: actions.endorse(case, acting_user=user, **f.cleaned_data),
        done_url=_overview_url(case),
        title="Endorsement by the independent scrutineer",
        submit="Record endorsement",
        intro=["Optional (toolkit §4.6.9)."],
        success="Endorsement recorded",
    )


@login_required
def submit(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    return edit_page(
        request,
        case,
        make_form=lambda data: rr_forms.SubmitForm(data, initial={"date": timezone.localdate(), "method": "email"}),
        save=lambda f: actions.submit(case, acting_user=user, **f.cleaned_data),
        done_url=_overview_url(case),
        title="Submit the Rapid Review to the National Panel",
        submit="Submit",
        intro=[
            f"Document 4 and the covering letter (Document 5) go to {actions.panel_mailbox(case)}. The commissioning "
            "decision is sent to the Panel, DfE and Ofsted; every agency involved and the referrer are told the "
            "outcome (reference and outcome only)."
        ],
        success="Submitted to the National Panel",
        template="rapidreview/submit.html",
        extra={"pack": pack_preview(case)},
    )


@login_required
def panel_response(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    return edit_page(
        request,
        case,
        make_form=lambda data: rr_forms.PanelResponseForm(data),
        save=lambda f: actions.record_panel_response(case, acting_user=user, **f.cleaned_data),
        done_url=_overview_url(case),
        title="Record the National Panel's response",
        success="Response recorded",
    )


@login_required
def considerations(request: HttpRequest) -> HttpResponse:
    """Partnership managers configure the extra questions the National Panel asks (toolkit §4.6.6)."""
    user = user_of(request)
    partnership = managed_partnership(user)
    return edit_page(
        request,
        None,
        make_form=lambda data: rr_forms.PanelConsiderationForm(data),
        save=lambda f: actions.save_panel_consideration(partnership, acting_user=user, **f.cleaned_data),
        done_url=reverse("rapidreview:considerations"),
        title="National Panel considerations",
        submit="Add the question",
        intro=["Questions asked in section 2.3 of every new Rapid Review, for example the Covid-19 question."],
        extra={"items": list(PanelConsideration.objects.filter(partnership=partnership))},
        template="rapidreview/considerations.html",
        success="Question added",
    )


@login_required
@require_POST
def consideration_toggle(request: HttpRequest, item_id: int) -> HttpResponse:
    user = user_of(request)
    partnership = managed_partnership(user)
    item = get_object_or_404(PanelConsideration, pk=item_id, partnership=partnership)
    actions.set_panel_consideration_active(item, active=not item.active, acting_user=user)
    messages.success(request, "Question updated")
    return redirect("rapidreview:considerations")
