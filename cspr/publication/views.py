"""The publication pages: one overview at /publication/<ref>/ and a form page per step. Every page
fetches the case through ``get_case_for_user`` (404 outside reach, 403 for read-only writes; the read
access-logged); every change is an action in ``actions.py`` / ``approval.py``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from cspr.access import get_case_for_user
from cspr.accounts.roles import Role
from cspr.cases.editing import add_action_errors, edit_page, user_of
from cspr.cases.models import Case, Person
from cspr.cases.partner_acts import own_partner
from cspr.cases.transitions import is_allowed
from cspr.filesafety.check import Kind, inspect
from cspr.filesafety.errors import UploadRefused
from cspr.publication import actions, approval, forms, report_source
from cspr.publication.models import Copies, PublicationPlan
from cspr.publication.status import status
from cspr.ui.render import page


def _overview(case: Case) -> str:
    return reverse("publication:overview", kwargs={"reference": case.reference})


@login_required
@require_GET
def overview(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference)
    st = status(case)
    return page(
        request,
        "publication/overview.html",
        {
            "case": case,
            "st": st,
            "report": report_source.describe(case),
            "may_approve": own_partner(user, case) is not None and is_allowed(case, "publication.approve"),
            "may_approve_on_behalf": approval.may_approve_on_behalf(user, case)
            and is_allowed(case, "publication.approve"),
            "allowed": {
                name.split(".")[1]: is_allowed(case, name)
                for name in (
                    "publication.upload_report",
                    "publication.record_pre_reading",
                    "publication.record_briefing",
                    "publication.save_plan",
                    "publication.send_copies",
                    "publication.record_published",
                    "publication.decide_not_to_publish",
                    "publication.record_nspcc",
                    "publication.record_archive",
                )
            },
        },
    )


@login_required
def upload(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    form = forms.UploadForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        data = upload_file.read()
        try:
            found = inspect(data, frozenset({Kind.DOCX, Kind.PDF}))
            actions.upload_report(
                case,
                filename=str(upload_file.name or "final-report"),
                content_type=found.content_type,
                content=data,
                acting_user=user,
            )
        except UploadRefused as error:
            form.add_error("file", str(error))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "Final report uploaded")
            return redirect(_overview(case))
    return page(
        request, "publication/upload.html", {"case": case, "form": form, "back": _overview(case)}, forms_=(form,)
    )


@login_required
def approve(request: HttpRequest, reference: str) -> HttpResponse:
    """A statutory partner lead approves the final report for their own partner (rule 63)."""
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    if Role(user.role) is not Role.PARTNER_LEAD:
        raise PermissionDenied("Only a statutory partner lead approves the report for their partner.")
    own = own_partner(user, case)
    if own is None:
        return page(request, "publication/unlinked.html", {"case": case, "back": _overview(case)})
    initial = {
        "date": timezone.localdate(),
        "partner": own.kind,
        "approver_name": user.full_name,
        "approver_role": user.job_title,
    }
    return edit_page(
        request,
        case,
        make_form=lambda data: forms.ApproveForm(data, initial=initial, partners=[(own.kind, own.get_kind_display())]),
        save=lambda f: approval.approve(case, acting_user=user, **f.cleaned_data),
        done_url=_overview(case),
        title="Approve the final report",
        submit="Record approval",
        intro=[
            "Each of the three safeguarding partners formally approves the final report (§9.1.7).",
            f"You approve for the {own.get_kind_display()} ({own.organisation_name}) only.",
        ],
        success="Approval recorded",
    )


@login_required
def approve_on_behalf(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    if not approval.may_approve_on_behalf(user, case):
        raise PermissionDenied("Approving on behalf of another partner is not open to you here.")
    return edit_page(
        request,
        case,
        make_form=lambda data: forms.ApproveOnBehalfForm(
            data, initial={"date": timezone.localdate()}, partners=approval.on_behalf_choices(user, case)
        ),
        save=lambda f: approval.approve_on_behalf(case, acting_user=user, **f.cleaned_data),
        done_url=_overview(case),
        title="Approve on behalf of another partner",
        submit="Record approval on their behalf",
        intro=[
            "Use this only when the partner's own lead cannot approve. Say why, and the delegation you rely on: both "
            "appear on the publication page and in the audit trail."
        ],
        success="Approval on behalf recorded",
    )


@login_required
def pre_reading(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    people = {p.pk: p for p in Person.objects.filter(case=case).order_by("pk")}
    choices = [(str(pk), f"{p}, {p.relationship_to_child or p.get_role_display()}") for pk, p in people.items()]

    def save(f: Any) -> Any:
        picked = f.cleaned_data.get("person") or ""
        return actions.record_pre_reading(
            case,
            person=people.get(int(picked)) if picked else None,
            other=f.cleaned_data["other"],
            given_on=f.cleaned_data["given_on"],
            how=f.cleaned_data["how"],
            notes=f.cleaned_data["notes"],
            acting_user=user,
        )

    return edit_page(
        request,
        case,
        make_form=lambda data: forms.PreReadingForm(data, people=choices),
        save=save,
        done_url=_overview(case),
        title="Record the report given to read before publication",
        submit="Save",
        intro=[
            "Key individuals and the family have time to read the report before it is published (§9.2.5). This will "
            "not change the facts reported; the nuance of language may be reconsidered."
        ],
        success="Pre-reading recorded",
    )


@login_required
def briefing(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    involved = case.agencies_involved.select_related("agency").order_by("agency__name")
    choices = [(str(i.agency_id), i.agency.name) for i in involved]
    return edit_page(
        request,
        case,
        make_form=lambda data: forms.BriefingForm(data, agencies=choices),
        save=lambda f: actions.record_briefing(
            case,
            agency_id=int(f.cleaned_data["agency"]),
            told_on=f.cleaned_data["told_on"],
            told_by=f.cleaned_data["told_by"],
            acting_user=user,
        ),
        done_url=_overview(case),
        title="Record that practitioners were told the publication date",
        submit="Save",
        intro=["Senior managers from each agency tell frontline staff the date of publication (§10.3.3)."],
        success="Recorded",
    )


@login_required
def plan(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    current = PublicationPlan.objects.filter(case=case).first()
    initial: dict[str, Any] = {"planned_date": case.publication_date}
    if current is not None:
        initial |= {name: getattr(current, name) for name in actions.PLAN_FIELDS} | {"version": current.version}
    reasons = actions.panel_contact_needed(case, current)

    def save(f: Any) -> Any:
        data = dict(f.cleaned_data)
        planned, version = data.pop("planned_date"), data.pop("version")
        return actions.save_plan(case, planned_date=planned, values=data, version=version, acting_user=user)

    return edit_page(
        request,
        case,
        make_form=lambda data: forms.PlanForm(data, initial=initial),
        save=save,
        done_url=_overview(case),
        title="Publication plan",
        submit="Save the plan",
        intro=[
            "Publication and media planning starts once the final report is approved (§10.2.1). It involves the "
            "strategic and communications leads of the agencies involved and takes account of the family's wishes."
        ],
        extra={"warning": "Contact the National Panel before publication: " + "; ".join(reasons) + "."}
        if reasons
        else {},
        success="Publication plan saved",
    )


@login_required
def copies(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    sent = Copies.objects.filter(case=case).first()
    due = actions.copies_due(case)
    what = report_source.describe(case)
    intro = [
        "The full report goes to the National Panel, Ofsted and the Secretary of State no later than 7 working days "
        "before publication (§10.5.1), by email from this service, with a notice of the decision to publish to the "
        "Panel, the DfE and Ofsted (§1.6.3).",
        f"Send-by date: {due:%-d %B %Y}." if due else "Set the planned date in the publication plan first.",
        f"The file sent: {what}." if what else "There is no final report yet: upload it first.",
    ]
    if sent is not None:
        intro.insert(0, f"The copies were sent on {sent.sent_on:%-d %B %Y}.")
    return edit_page(
        request,
        case,
        make_form=lambda data: forms.CopiesForm(data),
        save=lambda f: actions.send_copies(case, late_reason=f.cleaned_data["late_reason"], acting_user=user),
        done_url=_overview(case),
        title="Send the pre-publication copies",
        submit="Send the copies now",
        intro=intro,
        success="Copies queued for the National Panel, Ofsted and the Secretary of State",
    )


@login_required
def published(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    return edit_page(
        request,
        case,
        make_form=lambda data: forms.PublishedForm(data, initial={"published_on": case.publication_date}),
        save=lambda f: actions.record_published(case, acting_user=user, **f.cleaned_data),
        done_url=_overview(case),
        title="Record the publication",
        submit="Record publication",
        intro=[
            "Published on the partnership's safeguarding website, naming the reviewer, and kept available for at "
            "least a year (§10.5.2). This cannot be recorded before the copies are sent."
        ],
        success="Publication recorded",
    )


def _publication_page(
    request: HttpRequest, reference: str, *, make: Any, save: Any, title: str, intro: str, success: str
) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    return edit_page(
        request,
        case,
        make_form=make,
        save=lambda f: save(case, f, user),
        done_url=_overview(case),
        title=title,
        submit="Save",
        intro=[intro],
        success=success,
    )


@login_required
def nspcc(request: HttpRequest, reference: str) -> HttpResponse:
    return _publication_page(
        request,
        reference,
        make=lambda data: forms.NspccForm(data, initial={"submitted_on": timezone.localdate()}),
        save=lambda case, f, user: actions.record_nspcc(case, acting_user=user, **f.cleaned_data),
        title="Record the submission to the NSPCC repository",
        intro="Published reports are emailed to the NSPCC national case review repository (§10.5.3).",
        success="NSPCC submission recorded",
    )


@login_required
def archive(request: HttpRequest, reference: str) -> HttpResponse:
    return _publication_page(
        request,
        reference,
        make=lambda data: forms.ArchiveForm(data),
        save=lambda case, f, user: actions.record_archive(case, acting_user=user, **f.cleaned_data),
        title="Record that the report was archived",
        intro="After its year on the website a report may be archived; archived reports are available on request "
        "from the safeguarding partners (§10.5.2).",
        success="Archiving recorded",
    )


@login_required
def not_publishing(request: HttpRequest, reference: str) -> HttpResponse:
    return _publication_page(
        request,
        reference,
        make=lambda data: forms.NotPublishingForm(data),
        save=lambda case, f, user: actions.decide_not_to_publish(case, acting_user=user, **f.cleaned_data),
        title="Record a decision not to publish",
        intro="The partners must publish unless they consider it inappropriate; if they do not, they publish "
        "information about the improvements to be made instead. That a determined investigator could identify the "
        "family is not a reason not to publish (§10.1.3).",
        success="Decision not to publish recorded",
    )
