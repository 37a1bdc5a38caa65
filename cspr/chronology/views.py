"""Chronology and genogram pages. Every page fetches the case through ``cspr.access`` and logs the read."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_POST
from markupsafe import Markup

from cspr.access import Access, case_access, get_case_for_user
from cspr.accounts.models import User
from cspr.audit import log as audit
from cspr.cases.models import Case
from cspr.changes import fragments
from cspr.chronology import actions, exports, genogram, importer, queries, timeline, upload_jobs
from cspr.chronology.dates import describe_precision
from cspr.chronology.forms import EntryForm, FilterForm, ReviewPeriodForm, UploadForm
from cspr.chronology.models import ChronologyEntry, ChronologyImport, ImportStatus
from cspr.ui.paging import paging_for
from cspr.ui.render import page
from cspr.ui.wording import plural
from cspr.uploadjobs import api as jobs
from cspr.uploadjobs.models import JobState, UploadJob

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# A hundred entries a page: 140 kB of HTML, a screenful of reading per page; "all" prints every one.
PAGE_SIZE = 100


def _filters(request: HttpRequest, agencies: list[Any]) -> tuple[FilterForm, queries.Filters]:
    form = FilterForm(request.GET or None, agencies=agencies)
    filters = queries.Filters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = queries.Filters(
            agency_ids=[a.pk for a in data["agency"]],
            date_from=data["after"],
            date_to=data["before"],
            inside_period=data["period"],
            key_events_only=data["show"] == "key",
            duplicates_only=data["show"] == "duplicates",
            kind="org_change" if data["show"] == "org_change" else "",
        )
    return form, filters


@login_required
def integrated(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, reference)
    agencies = queries.agencies_in(case)
    form, filters = _filters(request, agencies)
    # The page's main part depends on the case's rows, and on the user and the filters and paging
    # asked for (the query string), which every stored part's key holds (cspr/changes/fragments.py).

    def parts() -> tuple[object, ...]:
        return (case.pk, fragments.case_stamp(case.pk), fragments.reference_stamp())

    main_html = fragments.cached(
        "chronology", parts, request, lambda: _integrated_main(request, user, case, agencies, form, filters)
    )
    return page(
        request, "chronology/integrated.html", {"case": case, "main_html": main_html}, forms_=(form,), status=200
    )


def _integrated_main(
    request: HttpRequest, user: User, case: Case, agencies: list[Any], form: FilterForm, filters: queries.Filters
) -> str:
    slots = queries.colour_slots(agencies)
    period = queries.period_for(case)
    start, end = period
    # A page of entries at a time, so the page costs the same at 2,000 entries or 100,000; "all"
    # is the print view (every entry on one page). The exports always carry every entry.
    listing = queries.entries(case, filters).values(*queries.EXPORT_FIELDS)
    # Counted without the agencies' join the listing needs for their names.
    total = queries.entries(case, filters).count()
    paging = paging_for(request, total, PAGE_SIZE)
    if not paging["all"]:
        listing = listing[paging["offset"] : paging["offset"] + PAGE_SIZE]
    # Plain rows (values(), not models): building 2,000 model instances costs more than the SQL.
    rows = [
        {
            "entry": e,
            "slot": slots.get(e["agency_id"], 0),
            "precision": describe_precision(e["precision"], e["uncertain"])
            if (e["uncertain"] or e["precision"] != "day")
            else "",
            "inside": None
            if start is None and end is None
            else (start is None or e["date_to"] >= start) and (end is None or e["date_from"] <= end),
            "child": exports.child_contact_text(e["child_seen"], e["child_contact"]),
        }
        for e in listing
    ]
    involvement = queries.involvement_summary(case, agencies)
    # One hidden CSRF field reused by every row's flag form: Django's ``csrf_input`` masks a fresh
    # token each time it is printed, which costs more than the rest of a 2,000-row page.
    csrf_field = Markup('<input type="hidden" name="csrfmiddlewaretoken" value="{}">').format(get_token(request))
    flag_prefix = reverse("chronology:flag_entry", kwargs={"reference": case.reference, "pk": 0}).removesuffix(
        "0/flag/"
    )
    return render_to_string(
        "chronology/_integrated_main.html",
        {
            "case": case,
            "rows": rows,
            "legend": [{"agency": a, "slot": slots[a.pk]} for a in agencies],
            "filter_form": form,
            "period": period,
            "can_write": case_access(user, case) is Access.WRITE,
            "involvement": involvement,
            "query": paging["query"],
            "total": total,
            "paging": paging,
            "page_size": PAGE_SIZE,
            "pending_imports": ChronologyImport.objects.filter(case=case, status=ImportStatus.PENDING).count(),
            "csrf_field": csrf_field,
            "flag_prefix": flag_prefix,
        },
        request=request,
    )


@login_required
@csp_override({"default-src": ["'none'"], "style-src": ["'unsafe-inline'"], "img-src": ["'self'", "data:"]})
def timeline_svg(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, reference)
    response = HttpResponse(timeline.render(case), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


def _export_entries(
    request: HttpRequest, reference: str, what: str
) -> tuple[Case, list[dict[str, Any]], dict[int, int]] | HttpResponse:
    """The rows to export, or a 400 page naming what is wrong with the filters in the address: an
    export never silently drops a filter someone asked for and hands over everything instead."""
    user = _user(request)
    case = get_case_for_user(user, reference)
    agencies = queries.agencies_in(case)
    form, filters = _filters(request, agencies)
    if form.is_bound and not form.is_valid():
        return page(
            request, "chronology/export_refused.html", {"case": case, "filter_form": form}, forms_=(form,), status=400
        )
    audit.log_access(actor=user, what="export", case=case, detail={"label": f"chronology ({what})"})
    return case, queries.export_rows(case, filters), queries.colour_slots(agencies)


@login_required
def export_xlsx(request: HttpRequest, reference: str) -> HttpResponse:
    found = _export_entries(request, reference, "XLSX")
    if isinstance(found, HttpResponse):
        return found
    case, entries, slots = found
    content = exports.xlsx(
        entries, slots, queries.period_for(case), title=f"Integrated chronology, case {case.reference}"
    )
    return _download(content, XLSX, f"chronology-{case.reference}.xlsx")


@login_required
def export_docx(request: HttpRequest, reference: str) -> HttpResponse:
    found = _export_entries(request, reference, "Word")
    if isinstance(found, HttpResponse):
        return found
    case, entries, _ = found
    content = exports.docx(entries, queries.period_for(case), title=f"Integrated chronology, case {case.reference}")
    return _download(content, DOCX, f"chronology-{case.reference}.docx")


@login_required
def blank_template(request: HttpRequest, fmt: str) -> HttpResponse:
    # No case data: any signed-in person (agency users included) may fetch the blank template.
    if fmt == "xlsx":
        return _download(exports.blank_xlsx(), XLSX, "key-events-chronology-template.xlsx")
    if fmt == "docx":
        return _download(exports.blank_docx(), DOCX, "key-events-chronology-template.docx")
    raise Http404("No such template.")


@login_required
def add_entry(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, reference, write=True)
    form = EntryForm(request.POST if request.method == "POST" else None, agencies=queries.agencies_for_case(case))
    if request.method == "POST" and form.is_valid():
        actions.add_entry(case=case, acting_user=user, **form.entry_fields())
        messages.success(request, "Entry added to the chronology")
        return redirect("chronology:integrated", reference=case.reference)
    return page(request, "chronology/entry_form.html", {"case": case, "form": form}, forms_=(form,))


@login_required
def edit_entry(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, reference, write=True)
    entry = _entry(case, pk)
    initial = {
        "agency": entry.agency_id,
        "kind": entry.kind,
        "date_text": entry.date_text,
        "time": entry.time.strftime("%H:%M") if entry.time else "",
        "source": entry.source,
        "child_seen": entry.child_seen,
        "child_contact": entry.child_contact,
        "family_contact": entry.family_contact,
        "key_event": entry.key_event,
        "comment": entry.comment,
    }
    data = request.POST if request.method == "POST" else None
    form = EntryForm(data, initial=initial, agencies=queries.agencies_for_case(case))
    if request.method == "POST" and form.is_valid():
        actions.update_entry(entry=entry, acting_user=user, **form.entry_fields())
        messages.success(request, "Entry changed")
        return redirect(f"{_integrated_url(case)}#entry-{entry.pk}")
    return page(request, "chronology/entry_form.html", {"case": case, "form": form, "entry": entry}, forms_=(form,))


def _entry(case: Case, pk: int) -> ChronologyEntry:
    return get_object_or_404(ChronologyEntry.objects.select_related("agency", "case"), case=case, pk=pk)


@login_required
@require_POST
def flag_entry(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, reference, write=True)
    entry = _entry(case, pk)
    flagged = request.POST.get("flagged") == "1"
    actions.set_key_learning_event(entry=entry, flagged=flagged, acting_user=user)
    messages.success(
        request, "Flagged as a key practice learning event" if flagged else "Key practice learning event flag removed"
    )
    return redirect(f"{_integrated_url(case)}#entry-{entry.pk}")


def _integrated_url(case: Case) -> str:
    return reverse("chronology:integrated", kwargs={"reference": case.reference})


@login_required
def duplicates(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, reference)
    flagged = (
        ChronologyEntry.objects.filter(case=case, possible_duplicate_of__isnull=False, merged_into__isnull=True)
        .select_related("agency", "possible_duplicate_of__agency")
        .order_by(*queries.ORDER)
    )
    return render(
        request,
        "chronology/duplicates.html",
        {"case": case, "flagged": flagged, "can_write": case_access(user, case) is Access.WRITE},
    )


@login_required
@require_POST
def resolve_duplicate(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, reference, write=True)
    entry = _entry(case, pk)
    if entry.possible_duplicate_of_id is None:
        messages.info(request, "That entry is no longer flagged as a possible duplicate")
    elif request.POST.get("decision") == "merge":
        actions.merge_duplicate(entry=entry, acting_user=user)
        messages.success(request, "Entries merged")
    else:
        actions.dismiss_duplicate(entry=entry, acting_user=user)
        messages.success(request, "Marked as not a duplicate")
    return redirect("chronology:duplicates", reference=case.reference)


@login_required
def upload(request: HttpRequest, reference: str) -> HttpResponse:
    """Only the cheap checks here; the file is read in the task worker (``cspr.chronology.upload_jobs``)
    while the person waits on the progress page."""
    user = _user(request)
    case = get_case_for_user(user, reference, write=True)
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        agencies=queries.agencies_for_case(case),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read(importer.MAX_BYTES + 1)
        try:
            importer.first_bytes(data)
        except importer.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            job = jobs.submit(
                handler=upload_jobs.PURPOSE,
                user=user,
                data=data,
                original_name=form.cleaned_data["file"].name or "chronology",
                target={"case": case.pk, "agency": form.cleaned_data["agency"].pk},
            )
            if job.state == JobState.WAITING:
                return redirect("chronology:upload_progress", reference=case.reference, job_id=job.pk)
            return _job_response(request, case, job)
    return page(request, "chronology/upload.html", {"case": case, "form": form}, forms_=(form,))


@login_required
@require_GET
def upload_progress(request: HttpRequest, reference: str, job_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, reference, write=True)
    job = get_object_or_404(UploadJob, pk=job_id, purpose=upload_jobs.PURPOSE, target__case=case.pk)
    return _job_response(request, case, job)


def _job_response(request: HttpRequest, case: Case, job: UploadJob) -> HttpResponse:
    def refused(message: str) -> HttpResponse:
        form = UploadForm(initial={"agency": job.target.get("agency")}, agencies=queries.agencies_for_case(case))
        context = {"case": case, **jobs.refusal_on(form, "file", message)}
        return render(request, "chronology/upload.html", context, status=400)

    return jobs.respond(request, job, refused=refused, context={"caption": f"Case {case.reference}"})


@login_required
def preview(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, reference, write=True)
    pending = get_object_or_404(ChronologyImport.objects.select_related("agency"), case=case, pk=pk)
    if request.method == "POST":
        if pending.status != ImportStatus.PENDING:
            messages.info(request, "This upload has already been dealt with")
        elif request.POST.get("decision") == "commit":
            entries = actions.commit_import(pending=pending, acting_user=user)
            messages.success(request, f"{plural(len(entries), 'entry')} added to the chronology")
            return redirect("chronology:integrated", reference=case.reference)
        else:
            actions.discard_import(pending=pending, acting_user=user)
            messages.success(request, "Upload discarded")
            return redirect("chronology:integrated", reference=case.reference)
    return render(request, "chronology/preview.html", {"case": case, "pending": pending})


@login_required
def review_period(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, reference, write=True)
    start, end = queries.period_for(case)
    form = ReviewPeriodForm(request.POST if request.method == "POST" else None, initial={"start": start, "end": end})
    if request.method == "POST" and form.is_valid():
        actions.set_review_period(
            case=case, start=form.cleaned_data["start"], end=form.cleaned_data["end"], acting_user=user
        )
        messages.success(request, "Review period saved")
        return redirect("chronology:integrated", reference=case.reference)
    return page(request, "chronology/period.html", {"case": case, "form": form}, forms_=(form,))


@login_required
def genogram_page(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, reference)
    svg, family = genogram.svg_for_case(case)
    return render(
        request,
        "chronology/genogram.html",
        {"case": case, "svg": svg, "alternative": genogram.text_alternative(family)},
    )


@login_required
def genogram_png(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, reference)
    audit.log_access(actor=user, what="document", case=case, detail={"label": "genogram (PNG)"})
    response = HttpResponse(genogram.png_for_case(case), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="genogram-{case.reference}.png"'
    response["Cache-Control"] = "no-store"
    return response
