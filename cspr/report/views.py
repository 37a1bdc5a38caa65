"""The report's pages: drafts and upload, a draft's findings, accepting a finding, the glossary, the
publishable version, downloads (access-logged) and the quality markers. Every page fetches the case
through ``cspr.report.access.get_report_case`` (which goes through ``get_case_for_user``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from cspr.accounts.models import User
from cspr.audit import log as audit
from cspr.cases.models import Case
from cspr.filesafety.check import MAX_UPLOAD_BYTES
from cspr.filesafety.errors import UploadRefused
from cspr.report import actions, glossary
from cspr.report.access import can_write_report, get_report_case
from cspr.report.forms import AcceptForm, GlossaryForm, QualityForm, UploadForm
from cspr.report.matcher import KINDS, Finding, finding_key
from cspr.report.models import Acceptance, AcceptReason, Draft, Publishable, QualityMarker
from cspr.report.structure import QUALITY_MARKERS
from cspr.ui.render import page


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _draft(case: Case, number: int) -> Draft:
    draft = Draft.objects.filter(case=case, number=number).select_related("uploaded_by").first()
    if draft is None:
        raise Http404("No such draft.")
    return draft


@login_required
@require_GET
def index(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = get_report_case(user, reference)
    drafts = list(Draft.objects.filter(case=case).select_related("uploaded_by").order_by("-number"))
    accepted = set(Acceptance.objects.filter(case=case).values_list("key", flat=True))
    rows = []
    for d in drafts:
        open_findings = sum(1 for f in d.findings if finding_key(f["kind"], f["text"]) not in accepted)
        rows.append({"draft": d, "open": open_findings, "failed": sum(1 for c in d.structure if not c["ok"])})
    return page(request, "report/index.html", {"case": case, "rows": rows, "can_write": can_write_report(user, case)})


@login_required
def upload(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = get_report_case(user, reference, write=True)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        incoming = form.cleaned_data["file"]
        if incoming.size > MAX_UPLOAD_BYTES:
            form.add_error("file", f"The selected file must be smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)}MB")
        else:
            data = incoming.read(MAX_UPLOAD_BYTES + 1)
            try:
                draft = actions.upload_draft(
                    case, data=data, original_name=incoming.name or "draft.docx", acting_user=user
                )
            except UploadRefused as refused:
                form.add_error("file", refused.message)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Draft {draft.number} uploaded and checked")
                return redirect("report:draft", reference=case.reference, number=draft.number)
    return page(request, "report/upload.html", {"case": case, "form": form}, forms_=(form,))


def _grouped(findings: list[Finding], accepted: dict[str, Acceptance]) -> tuple[list[dict[str, Any]], list[Any]]:
    groups: dict[str, list[tuple[int, Finding]]] = {k: [] for k in KINDS}
    kept = []
    for i, f in enumerate(findings):
        if f.key in accepted:
            kept.append((i, f, accepted[f.key]))
        else:
            groups.setdefault(f.kind, []).append((i, f))
    return [{"kind": k, "items": v} for k, v in groups.items() if v], kept


@login_required
@require_GET
def draft(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    user = _user(request)
    case = get_report_case(user, reference)
    d = _draft(case, number)
    accepted = {a.key: a for a in Acceptance.objects.filter(case=case).select_related("accepted_by")}
    groups, kept = _grouped(actions.findings_of(d), accepted)
    publishable = Publishable.objects.filter(draft=d).select_related("made_by").first()
    markers = {m.question: m for m in QualityMarker.objects.filter(draft=d).select_related("answered_by")}
    context = {
        "case": case,
        "draft": d,
        "groups": groups,
        "open_count": sum(len(g["items"]) for g in groups),
        "kept": kept,
        "checks": d.structure,
        "publishable": publishable,
        "markers": [(n, q, markers.get(n)) for n, q in enumerate(QUALITY_MARKERS, start=1)],
        "can_write": can_write_report(user, case),
        "reasons": dict(AcceptReason.choices),
    }
    return page(request, "report/draft.html", context)


@login_required
def accept(request: HttpRequest, reference: str, number: int, index: int) -> HttpResponse:
    user = _user(request)
    case = get_report_case(user, reference, write=True)
    d = _draft(case, number)
    found = actions.findings_of(d)
    if not 0 <= index < len(found):
        raise Http404("No such finding.")
    finding = found[index]
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.accept_finding(
                d,
                index=index,
                reason=form.cleaned_data["reason"],
                detail=form.cleaned_data["detail"],
                acting_user=user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The finding is accepted and listed with its reason")
            return redirect("report:draft", reference=case.reference, number=d.number)
    return page(
        request, "report/accept.html", {"case": case, "draft": d, "finding": finding, "form": form}, forms_=(form,)
    )


@login_required
def glossary_page(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = get_report_case(user, reference, write=True)
    rows = glossary.rows(case)
    state = actions.glossary_state(case)
    form = GlossaryForm(request.POST or None, rows=rows, initial={"state": state})
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_glossary(
                case, replacements=form.replacements(), state=form.cleaned_data["state"], acting_user=user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The glossary is saved")
            return redirect("report:glossary", reference=case.reference)
    return page(request, "report/glossary.html", {"case": case, "form": form}, forms_=(form,))


@login_required
@require_POST
def publish(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    user = _user(request)
    case = get_report_case(user, reference, write=True)
    d = _draft(case, number)
    try:
        version = actions.make_publishable(d, acting_user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Publishable version made: {version.replacements} replacements from the glossary, "
            f"{version.remaining} anonymisation findings left on a re-scan",
        )
    return redirect("report:draft", reference=case.reference, number=d.number)


def _file(user: User, case: Case, obj: Any, field: Any, what: str, filename: str) -> FileResponse:
    audit.log_access(actor=user, what=what, case=case, obj=obj, detail={"label": filename})
    response = FileResponse(
        field.open("rb"), as_attachment=True, filename=filename, content_type="application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_GET
def download(request: HttpRequest, reference: str, number: int) -> FileResponse:
    user = _user(request)
    case = get_report_case(user, reference)
    d = _draft(case, number)
    return _file(user, case, d, d.file, "report_draft", f"{case.reference}-report-draft-{d.number}-internal.docx")


@login_required
@require_GET
def download_publishable(request: HttpRequest, reference: str, number: int) -> FileResponse:
    user = _user(request)
    case = get_report_case(user, reference)
    d = _draft(case, number)
    version = Publishable.objects.filter(draft=d).first()
    if version is None:
        raise Http404("No publishable version of this draft yet.")
    name = f"{case.reference}-report-draft-{d.number}-publishable.docx"
    return _file(user, case, version, version.file, "report_publishable", name)


@login_required
def quality(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    user = _user(request)
    case = get_report_case(user, reference, write=True)
    d = _draft(case, number)
    initial: dict[str, Any] = {"state": actions.markers_state(d)}
    for m in QualityMarker.objects.filter(draft=d):
        initial[f"q{m.question}"] = m.answer
        initial[f"notes{m.question}"] = m.notes
    form = QualityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_quality_markers(d, answers=form.answers(), state=form.cleaned_data["state"], acting_user=user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The quality markers are saved")
            return redirect("report:draft", reference=case.reference, number=d.number)
    return page(request, "report/quality.html", {"case": case, "draft": d, "form": form}, forms_=(form,))
