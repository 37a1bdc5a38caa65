"""What the terms of reference (Document 7) must hold, where the first draft comes from, and which
version the documents print. Pure reads: the changes are in ``actions``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cspr.cases.models import Case
from cspr.lcspr.models import Appointment, AppointmentRole, TermsStatus, TermsVersion

# The fields a draft is edited in (the review team comes from the appointments, not from here).
EDITABLE = [
    "case_summary",
    "time_period",
    "time_period_rationale",
    "kloes",
    "chronologies",
    "chronologies_detail",
    "information_method",
    "information_detail",
    "workshop_method",
    "workshop_detail",
    "family_involvement",
    "family_contact_responsible",
    "parallel_investigations",
    "legal_advice",
    "other_considerations",
    "lead_organisations",
    "learning_to_partners_date",
    "milestones",
]

# Rule 45 (Document 7, §5.1–5.9): what must be there before the CSPR group agrees a version.
REQUIRED: list[tuple[str, str]] = [
    ("case_summary", "the case summary"),
    ("time_period", "the time period to be considered"),
    ("time_period_rationale", "the rationale for the time period"),
    ("kloes", "the key lines of enquiry"),
    ("chronologies", "whether agency chronologies will be used"),
    ("information_method", "whether learning templates or information reports will be used"),
    ("workshop_method", "whether there will be a reflective learning workshop"),
    ("family_involvement", "the plans to involve the child and family"),
    ("family_contact_responsible", "who is responsible for contact with the family"),
    ("parallel_investigations", "the parallel investigations (or that there are none)"),
    ("legal_advice", "the legal advice (or that none is needed)"),
    ("other_considerations", "the racial, cultural, linguistic and religious considerations (§5.4)"),
    ("learning_to_partners_date", "the target date for presenting the learning to the safeguarding partners"),
]
LABELS = dict(REQUIRED)


def prefill(case: Case) -> dict[str, Any]:
    """The first draft, from the Rapid Review record and the case's parallel processes."""
    from cspr.rapidreview.models import RapidReviewRecord

    record = RapidReviewRecord.objects.filter(case=case).first()
    processes = [
        " ".join(x for x in (p.get_kind_display(), p.contact, p.detail) if x) for p in case.parallel_processes.all()
    ]
    if record is None:
        return {"parallel_investigations": "\n".join(processes)}
    legal = ""
    if record.legal_advice_sought is not None:
        legal = ("Legal advice sought. " + record.legal_advice).strip() if record.legal_advice_sought else ""
    return {
        "case_summary": record.case_summary,
        "time_period": record.time_period,
        "kloes": record.kloes,
        "legal_advice": legal,
        "other_considerations": record.considerations,
        "parallel_investigations": "\n".join(processes),
    }


def active_team(case: Case) -> list[Appointment]:
    return list(Appointment.objects.filter(case=case, ended__isnull=True).order_by("role", "name"))


def team_row(a: Appointment) -> dict[str, str]:
    return {"name": a.name, "organisation": a.organisation, "responsibilities": a.duties_text()}


def missing(version: TermsVersion, team: list[Appointment]) -> list[str]:
    """Every part rule 45 requires that the version (and the review team) still lacks."""
    found = [label for name, label in REQUIRED if getattr(version, name) in (None, "", [])]
    if not team:
        found.append("the review team (appoint at least one member)")
    has_lead = any(a.role == AppointmentRole.LEAD_REVIEWER for a in team)
    if not has_lead and not version.lead_organisations.strip():
        found.append("a lead reviewer, or the organisations that lead the review where there is none")
    return found


def missing_fields(version: TermsVersion, team: list[Appointment]) -> dict[str, str]:
    """For the error summary: field name -> message (links to the field on the edit page)."""
    out = {name: f"Enter {label}" for name, label in REQUIRED if getattr(version, name) in (None, "", [])}
    if not team:
        out["__team__"] = "Appoint at least one member of the review team"
    if not any(a.role == AppointmentRole.LEAD_REVIEWER for a in team) and not version.lead_organisations.strip():
        out["lead_organisations"] = "Appoint a lead reviewer, or name the organisations that lead the review"
    return out


def printed_version(versions: list[TermsVersion]) -> TermsVersion | None:
    """The latest agreed version, or the latest draft while none is agreed (what Document 7 prints)."""
    agreed = [v for v in versions if v.status == TermsStatus.AGREED]
    if agreed:
        return max(agreed, key=lambda v: v.number)
    return max(versions, key=lambda v: v.number) if versions else None


# The rows of the side-by-side comparison: (label, how to show a version's value).
COMPARE_ROWS: list[tuple[str, str]] = [
    ("Reason for the change", "change_reason"),
    ("Case summary", "case_summary"),
    ("Time period", "time_period"),
    ("Rationale for the time period", "time_period_rationale"),
    ("Key lines of enquiry", "kloes"),
    ("Chronologies", "chronologies"),
    ("Learning templates or information reports", "information_method"),
    ("Reflective learning workshop", "workshop_method"),
    ("Plans to involve the child and family", "family_involvement"),
    ("Responsible for contact with the family", "family_contact_responsible"),
    ("Parallel investigations", "parallel_investigations"),
    ("Legal advice", "legal_advice"),
    ("Other considerations (§5.4)", "other_considerations"),
    ("Organisations leading the review (no lead reviewer)", "lead_organisations"),
    ("Target date for the learning to go to the safeguarding partners", "learning_to_partners_date"),
]


DETAIL = {
    "chronologies": "chronologies_detail",
    "information_method": "information_detail",
    "workshop_method": "workshop_detail",
}


def shown(version: TermsVersion, name: str) -> str:
    """A version's value for display: choice labels rather than codes, with the detail typed beside them."""
    if name in DETAIL:
        label = getattr(version, f"get_{name}_display")() if getattr(version, name) else ""
        detail = getattr(version, DETAIL[name])
        return "\n".join(x for x in (label, detail) if x)
    value = getattr(version, name)
    if isinstance(value, dt.date):
        return f"{value:%-d %B %Y}"
    return "" if value is None else str(value)


def review_kloes(case: Case) -> list[str]:
    """The review's key lines of enquiry, one per line: those of the latest agreed terms of reference,
    or the Rapid Review's proposed ones until terms are agreed (rule 46: a change is re-approved, so
    the agreed version is the one agencies and workshops work to)."""
    agreed = (
        TermsVersion.objects.filter(case=case, status=TermsStatus.AGREED)
        .order_by("-number")
        .values_list("kloes", flat=True)
        .first()
    )
    if agreed is None:
        from cspr.rapidreview.models import RapidReviewRecord

        agreed = RapidReviewRecord.objects.filter(case=case).values_list("kloes", flat=True).first() or ""
    return [line.strip() for line in agreed.splitlines() if line.strip()]
