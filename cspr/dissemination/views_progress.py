"""Pages of the audit of progress (§11.4.1): the partnership's cycle, its progress reports (HTML and
PDF) and the CSPR group's review of each; the dashboard panel that points to it.

Partnership pages, not case pages: the partnership's case readers read them (scrutineer and auditor
included), its case writers change them (403 for the readers), and a report of another partnership
does not exist for anyone (404). Each read of a report is access-logged with the partnership.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cspr.accounts.models import User
from cspr.audit import log as audit
from cspr.cases.editing import edit_page, user_of
from cspr.deadlines import services
from cspr.dissemination import actions, progress
from cspr.dissemination.forms import CycleForm, ReviewForm
from cspr.dissemination.models import AuditCycle, CycleMonths, ProgressReport
from cspr.documents import engine
from cspr.organisations.models import Partnership
from cspr.ui.dashboard import Panel
from cspr.ui.render import page


def _partnership(user: User, *, write: bool = False) -> Partnership:
    partnership = user.partnership
    if partnership is None or not actions.reads_progress(user, partnership):
        raise Http404("Page not found.")
    if write and not actions.changes_progress(user, partnership):
        raise PermissionDenied("You have read-only access to the audit of progress.")
    return partnership


def _report(user: User, pk: int, *, write: bool = False) -> ProgressReport:
    partnership = user.partnership
    if partnership is None or not actions.reads_progress(user, partnership):
        raise Http404("No such report.")
    report = (
        ProgressReport.objects.select_related("partnership", "generated_by", "review_recorded_by")
        .defer("pdf_file")
        .filter(pk=pk, partnership_id=partnership.pk)
        .first()
    )
    if report is None:
        raise Http404("No such report.")
    if write and not actions.changes_progress(user, partnership):
        raise PermissionDenied("You have read-only access to the audit of progress.")
    return report


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    partnership = _partnership(user)
    reports = list(
        ProgressReport.objects.filter(partnership=partnership)
        .defer("pdf_file", "rows")
        .select_related("generated_by")
        .order_by("-number")
    )
    reviewed = next((r for r in reports if r.reviewed), None)
    return page(
        request,
        "dissemination/progress.html",
        {
            "partnership": partnership,
            "cycle_label": CycleMonths(actions.cycle_months(partnership)).label,
            "reports": reports,
            "next_review": reviewed.next_review_date if reviewed else None,
            "today": services.today(),
            "can_write": actions.changes_progress(user, partnership),
        },
    )


@login_required
@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    partnership = _partnership(user, write=True)
    try:
        report = actions.generate_report(partnership, acting_user=user)
    except engine.ConversionError:
        messages.error(request, "The PDF could not be made. Try again in a moment.")
        return redirect("dissemination:progress")
    messages.success(request, f"Progress report {report.number} generated")
    return redirect("dissemination:progress_report", pk=report.pk)


@login_required
def cycle(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    partnership = _partnership(user, write=True)
    current = AuditCycle.objects.filter(partnership=partnership).first()
    initial = {"months": actions.cycle_months(partnership), "version": current.version if current else None}
    return edit_page(
        request,
        None,
        make_form=lambda data: CycleForm(data, initial=initial),
        save=lambda f: actions.set_cycle(
            partnership,
            months=f.cleaned_data["months"],
            expected_version=f.cleaned_data.get("version"),
            acting_user=user,
        ),
        done_url=reverse("dissemination:progress"),
        title="Audit cycle",
        intro=[
            "The partnership regularly audits progress on the implementation of recommended improvements "
            "(toolkit §11.4.1). Each review proposes the next one this far ahead."
        ],
        success="Audit cycle saved",
    )


@login_required
@require_GET
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    report = _report(user, pk)
    audit.log_access(
        actor=user,
        what="progress_report",
        obj=report,
        partnership_id=report.partnership_id,
        detail={"label": f"progress report {report.number}"},
    )
    rows = progress.display_rows(list(report.rows), report.generated_on)
    return page(
        request,
        "dissemination/report.html",
        {
            "report": report,
            "rows": rows,
            "summary": progress.summary(list(report.rows), report.generated_on),
            "can_write": actions.changes_progress(user, report.partnership),
        },
    )


@login_required
@require_GET
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    report = _report(user, pk)
    data = ProgressReport.objects.get(pk=report.pk).pdf
    filename = progress.pdf_filename(report)
    audit.log_access(
        actor=user,
        what="progress_report_pdf",
        obj=report,
        partnership_id=report.partnership_id,
        detail={"label": filename, "sha256": report.pdf_sha256},
    )
    response = HttpResponse(data, content_type="application/pdf")
    # Inline: the browser shows it; the file name still carries no personal data.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    report = _report(user, pk, write=True)
    done = reverse("dissemination:progress_report", kwargs={"pk": report.pk})
    if report.reviewed:
        messages.info(request, "The CSPR group's review of this report is already recorded")
        return redirect(done)
    today = services.today()
    return edit_page(
        request,
        None,
        make_form=lambda data: ReviewForm(
            data, initial={"reviewed_on": today, "next_review_date": progress.next_review(today, report.cycle_months)}
        ),
        save=lambda f: actions.record_review(report, acting_user=user, **f.cleaned_data),
        done_url=done,
        title=f"Record the CSPR group's review of progress report {report.number}",
        intro=[
            f"Generated on {report.generated_on:%-d %B %Y} with {len(report.rows)} open "
            f"action{'s' if len(report.rows) != 1 else ''}. The {report.get_cycle_months_display().lower()} "
            "audit cycle proposes the next review date below."
        ],
        success="Review recorded",
    )


def dashboard_panel(request: HttpRequest) -> Panel | None:
    """The audit of progress for the partnership's case readers: when the next review falls (2 queries)."""
    user = request.user
    if not isinstance(user, User) or user.partnership is None or not actions.reads_progress(user, user.partnership):
        return None
    latest = (
        ProgressReport.objects.filter(partnership=user.partnership)
        .defer("pdf_file", "rows")
        .order_by("-number")
        .first()
    )
    return Panel(
        title="Audit of progress of the action plans",
        template="dissemination/_dashboard_panel.html",
        context={"latest": latest, "today": services.today()},
        order=40,
    )
