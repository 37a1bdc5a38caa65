"""The action plan's pages. A case's plan through ``get_case_for_user`` (404 outsiders, 403 for
read-only changes, the read access-logged); the partnership view over ``in_reach``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cspr.access import get_case_for_user, in_reach
from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.actionplans import actions
from cspr.actionplans.forms import ActionForm, AskForm, CarryForm, CloseForm, EvidenceForm, FilterForm, ProgressForm
from cspr.actionplans.models import Action, ProgressUpdate, Rag, Status
from cspr.actionplans.sources import sources
from cspr.cases.concurrency import StaleEdit
from cspr.cases.models import Case
from cspr.cases.transitions import is_allowed
from cspr.library.models import themes_for
from cspr.portal.models import InformationRequest, RequestType, Upload, UploadKind
from cspr.ui.paging import paging_for
from cspr.ui.render import page

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _action(case: Case, number: int) -> Action:
    found = Action.objects.filter(case=case, number=number).select_related("agency").first()
    if found is None:
        raise Http404("No such action.")
    return found


def _save(form: forms.Form, call: Callable[[], Any]) -> bool:
    """Run the action; a refusal or a check on the record becomes a form error (no 500)."""
    try:
        call()
    except StaleEdit as error:
        form.add_error(None, str(error))
        return False
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            form.add_error(None, error)
        return False
    return True


@login_required
@require_GET
def plan(request: HttpRequest, reference: str) -> HttpResponse:
    """The case's action plan (Document 19/20): every action with its owner, timescale and RAG."""
    case = get_case_for_user(_user(request), reference)
    rows = list(Action.objects.filter(case=case).select_related("agency").prefetch_related("themes"))
    used = {a.recommendation_id for a in rows if a.recommendation_id} | {
        a.learning_action_id for a in rows if a.learning_action_id
    }
    waiting = [
        s
        for s in sources(case)
        if not (s.recommendation and s.recommendation.pk in used)
        and not (s.learning_action and s.learning_action.pk in used)
    ]
    today = timezone.localdate()
    return page(
        request,
        "actionplans/plan.html",
        {
            "case": case,
            "actions": rows,
            "waiting": waiting,
            "today": today,
            "can_add": is_allowed(case, "actionplans.create_action"),
            "open_count": sum(1 for a in rows if a.is_open),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def add(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, reference, write=True)
    found = sources(case)
    agencies = [(str(a.pk), a.name) for a in actions.askable_owner_agencies(case)]
    themes = [(str(t.pk), t.name) for t in themes_for(case.lead_partnership)]
    chosen = next((s for s in found if s.key == request.GET.get("source")), None)
    initial: dict[str, Any] = {}
    if chosen is not None:
        initial = {
            "source": chosen.key,
            "agreed_action": chosen.suggested_action,
            "responsible_person": chosen.suggested_person,
            "agency": str(chosen.suggested_agency_id or ""),
            "responsible_organisation": "" if chosen.suggested_agency_id else chosen.suggested_organisation,
            "due_date": chosen.suggested_due,
        }
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        sources=found,
        agencies=agencies,
        themes=themes,
    )

    def act() -> None:
        from cspr.library.models import Theme
        from cspr.organisations.models import Agency

        d = form.cleaned_data
        agency = Agency.objects.filter(pk=int(d["agency"])).first() if d["agency"] else None
        actions.create_action(
            case,
            source_key=d["source"],
            agreed_action=d["agreed_action"],
            responsible_person=d["responsible_person"],
            responsible_organisation=d["responsible_organisation"],
            agency=agency,
            due_date=d["due_date"],
            themes=Theme.objects.filter(pk__in=[int(t) for t in d["themes"]]),
            acting_user=user,
        )

    if request.method == "POST" and form.is_valid() and _save(form, act):
        messages.success(request, "Action added to the plan")
        return redirect("actionplans:plan", reference=case.reference)
    return page(request, "actionplans/add.html", {"case": case, "form": form, "sources": found}, forms_=(form,))


def _evidence(action: Action) -> tuple[list[ProgressUpdate], list[Upload]]:
    updates = list(action.updates.select_related("recorded_by", "request").order_by("-on", "-id"))
    request_ids = [u.request_id for u in updates if u.request_id]
    files = list(Upload.objects.filter(request_id__in=request_ids, kind=UploadKind.ATTACHMENT).order_by("uploaded_at"))
    return updates, files


@login_required
@require_GET
def detail(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    case = get_case_for_user(_user(request), reference)
    action = _action(case, number)
    updates, files = _evidence(action)
    asked = list(
        InformationRequest.objects.filter(
            case=case, request_type=RequestType.ACTION_UPDATE, topics__0__action=action.pk
        ).order_by("-id")
    )
    return page(
        request,
        "actionplans/action.html",
        {
            "case": case,
            "action": action,
            "updates": updates,
            "files": files,
            "own_files": list(action.evidence_files.all()),
            "asked": asked,
            "themes": list(action.themes.all()),
            "open_request": actions.open_update_request(action),
            "may_update": is_allowed(case, "actionplans.record_progress") and action.is_open,
            "today": timezone.localdate(),
        },
    )


def _form_page(
    request: HttpRequest,
    reference: str,
    number: int,
    *,
    make: Callable[[Action, Any], forms.Form],
    act: Callable[[Action, forms.Form, User], Any],
    heading: str,
    done: str,
    template: str = "actionplans/form.html",
) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, reference, write=True)
    action = _action(case, number)
    form = make(action, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and _save(form, lambda: act(action, form, user)):
        messages.success(request, done)
        return redirect("actionplans:action", reference=case.reference, number=action.number)
    context = {"case": case, "action": action, "form": form, "heading": heading}
    return page(request, template, context, forms_=(form,))


@login_required
@require_http_methods(["GET", "POST"])
def progress(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    def make(action: Action, data: Any) -> forms.Form:
        initial = {
            "version": action.version,
            "on": timezone.localdate(),
            "actions_taken": action.actions_taken,
            "evidence_of_impact": action.evidence_of_impact,
        }
        return ProgressForm(data, initial=initial)

    def act(action: Action, form: forms.Form, user: User) -> None:
        d = form.cleaned_data
        actions.record_progress(
            action,
            on=d["on"],
            rag=d["rag"],
            text=d["text"],
            actions_taken=d["actions_taken"],
            evidence_of_impact=d["evidence_of_impact"],
            expected_version=d["version"],
            acting_user=user,
        )

    return _form_page(
        request, reference, number, make=make, act=act, heading="Record progress", done="Progress update recorded"
    )


@login_required
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    def make(action: Action, data: Any) -> forms.Form:
        return AskForm(data)

    def act(action: Action, form: forms.Form, user: User) -> None:
        actions.request_update(action, due_date=form.cleaned_data["due_date"], acting_user=user)

    return _form_page(
        request,
        reference,
        number,
        make=make,
        act=act,
        heading="Ask the agency for a progress update",
        done="The agency has been asked for a progress update in the portal",
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    def make(action: Action, data: Any) -> forms.Form:
        return CloseForm(data, initial={"version": action.version})

    def act(action: Action, form: forms.Form, user: User) -> None:
        d = form.cleaned_data
        actions.close_action(action, accepted_by=d["accepted_by"], expected_version=d["version"], acting_user=user)

    return _form_page(request, reference, number, make=make, act=act, heading="Close the action", done="Action closed")


@login_required
@require_http_methods(["GET", "POST"])
def carry(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    def make(action: Action, data: Any) -> forms.Form:
        return CarryForm(data, initial={"version": action.version})

    def act(action: Action, form: forms.Form, user: User) -> None:
        d = form.cleaned_data
        actions.carry_action(
            action, into=d["into"], reason=d["reason"], expected_version=d["version"], acting_user=user
        )

    return _form_page(
        request,
        reference,
        number,
        make=make,
        act=act,
        heading="Carry the action into another plan",
        done="Action carried into another plan",
    )


@login_required
@require_http_methods(["GET", "POST"])
def evidence(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    """Attach a file of evidence of impact, checked by content (``cspr.filesafety``)."""
    from cspr.filesafety import check
    from cspr.filesafety.errors import UploadRefused

    user = _user(request)
    case = get_case_for_user(user, reference, write=True)
    action = _action(case, number)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        incoming = form.cleaned_data["file"]
        data = incoming.read(check.MAX_UPLOAD_BYTES + 1)
        try:
            inspected = check.inspect(data, frozenset(check.Kind))
        except UploadRefused as refused:
            form.add_error("file", refused.message)
        else:
            stored = _save(
                form,
                lambda: actions.add_evidence_file(
                    action,
                    data=data,
                    original_name=incoming.name or "evidence",
                    content_type=inspected.content_type,
                    acting_user=user,
                ),
            )
            if stored:
                messages.success(request, "The evidence file has been attached")
                return redirect("actionplans:action", reference=case.reference, number=action.number)
    context = {"case": case, "action": action, "form": form, "heading": "Attach evidence of impact"}
    return page(request, "actionplans/evidence.html", context, forms_=(form,))


@login_required
@require_GET
def evidence_download(request: HttpRequest, reference: str, number: int, file_id: int) -> FileResponse:
    """Evidence files are only ever downloaded, never shown inline, and never sniffed."""
    from cspr.audit import log as audit

    user = _user(request)
    case = get_case_for_user(user, reference)
    found = _action(case, number).evidence_files.filter(pk=file_id).first()
    if found is None:
        raise Http404("No such file.")
    audit.log_access(
        actor=user, what="document", case=case, obj=found, detail={"label": f"evidence {found.sha256[:12]}"}
    )
    extension = (found.file.name or "").rsplit(".", 1)[-1]
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=f"{case.reference}-action-{number}-evidence-{found.pk}.{extension}",
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def partnership_actions(user: User) -> Any:
    return Action.objects.filter(in_reach(user))


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every action of the cases the user reads: by review, by agency and by theme, paged."""
    user = _user(request)
    if user.role not in {r.value for r in Role if r.sees_all_partnership_cases or r.works_through_case_membership}:
        raise Http404("Page not found.")
    base = partnership_actions(user)
    from cspr.library.models import Theme
    from cspr.organisations.models import Agency

    agency_ids = base.exclude(agency=None).values_list("agency_id", flat=True).distinct()
    agencies = [(str(a.pk), a.name) for a in Agency.objects.filter(pk__in=agency_ids).order_by("name")]
    theme_ids = base.values_list("themes", flat=True).distinct()
    themes = [(str(t.pk), t.name) for t in Theme.objects.filter(pk__in=theme_ids).order_by("name")]
    form = FilterForm(request.GET or None, agencies=agencies, themes=themes)
    found = base
    today = timezone.localdate()
    if form.is_valid():
        d = form.cleaned_data
        if d["review"]:
            found = found.filter(case__reference__iexact=d["review"].strip())
        if d["agency"]:
            found = found.filter(agency_id=int(d["agency"]))
        if d["theme"]:
            found = found.filter(themes=int(d["theme"]))
        if d["status"]:
            found = found.filter(status=d["status"])
        if d["rag"]:
            found = found.filter(rag=d["rag"])
        if d["overdue"]:
            found = found.filter(status=Status.OPEN, due_date__lt=today)
    found = found.distinct()
    total = found.count()
    paging = paging_for(request, total, PAGE_SIZE)
    listed = (
        found.select_related("case", "agency")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
        .order_by("case__reference", "number")
    )
    rows = list(listed if paging["all"] else listed[paging["offset"] : paging["offset"] + PAGE_SIZE])
    summary = {
        "open": base.filter(status=Status.OPEN).count(),
        "overdue": base.filter(status=Status.OPEN, due_date__lt=today).count(),
        "red": base.filter(status=Status.OPEN, rag=Rag.RED).count(),
    }
    return page(
        request,
        "actionplans/index.html",
        {"form": form, "rows": rows, "paging": paging, "total": total, "today": today, "summary": summary},
        forms_=(form,) if request.GET else (),
    )


def dashboard_rows(user: User, today: Any, limit: int = 10) -> tuple[list[Action], int]:
    """Overdue and red open actions for the dashboard (two queries whatever the number)."""
    urgent = partnership_actions(user).filter(Q(due_date__lt=today) | Q(rag=Rag.RED), status=Status.OPEN)
    rows = list(urgent.select_related("case", "agency").order_by("due_date", "case__reference", "number")[:limit])
    return rows, urgent.count()
