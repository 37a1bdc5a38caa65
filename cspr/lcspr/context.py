"""The "review" document context (Documents 7–18a): the terms of reference the
documents print (the latest agreed version, or the latest draft while none is agreed), the lead
reviewer and the review team from the active appointments.

Moved here from ``cspr/documents/providers.py`` (this app owns the record it reads). Keys for the
workshops and the report stay ``None`` until their apps fill them; ``providers.NOT_RECORDED`` lists them.
"""

from __future__ import annotations

from typing import Any, TypedDict

from cspr.cases.models import Case, MembershipRole
from cspr.documents.context import join, register
from cspr.lcspr import terms
from cspr.lcspr.models import Appointment, AppointmentRole, TermsVersion


class TeamRow(TypedDict):
    name: str
    organisation: str
    responsibilities: str


class ReviewContext(TypedDict):
    lead_reviewer_name: str | None
    review_team: list[TeamRow]
    tor_version: str | None
    tor_case_summary: str | None
    tor_period: str | None
    tor_kloes: list[str] | None
    tor_parallel: str | None
    tor_legal_advice: str | None
    family_involvement: str | None
    methodology: dict[str, str | None]
    other_considerations: str | None
    milestones: list[dict[str, Any]]
    agency_specific_issues: str | None
    agency_parallel: str | None
    case_summary_reviewed: str | None
    independence_confirmed: str | None


MILESTONES = (
    ("lcspr_commissioned_date", "LCSPR commissioned"),
    ("terms_of_reference_agreed_date", "Terms of reference agreed"),
    ("report_approved_date", "Report approved"),
    ("published_date", "Report published"),
    ("not_published_date", "Decided not to publish"),
)


def _organisation(user: Any) -> str:
    for attr in ("agency", "partnership"):
        found = getattr(user, attr, None)
        if found is not None:
            return str(found.name)
    return ""


def _team(case: Case) -> tuple[str | None, list[TeamRow]]:
    """The lead reviewer's name and the team table, from the active appointments. A case whose
    members were given reach before appointments were recorded falls back to its memberships."""
    active = list(Appointment.objects.filter(case=case, ended__isnull=True).order_by("role", "name"))
    if active:
        lead = next((a for a in active if a.role == AppointmentRole.LEAD_REVIEWER), None)
        return (lead.name if lead else None), [terms.team_row(a) for a in active]  # type: ignore[misc]
    members = list(case.memberships.select_related("user", "user__partnership", "user__agency"))
    lead_user = next((m.user for m in members if m.role == MembershipRole.LEAD_REVIEWER), None)
    rows: list[TeamRow] = [
        {"name": m.user.full_name, "organisation": _organisation(m.user), "responsibilities": m.get_role_display()}
        for m in members
    ]
    return (lead_user.full_name if lead_user else None), rows


def _version_label(version: TermsVersion) -> str:
    if version.agreed_on:
        text = f"Version {version.number}, agreed by the CSPR group on {version.agreed_on:%-d %B %Y}"
        return text + (f" ({version.agreed_by})" if version.agreed_by else "")
    return f"Version {version.number} (draft, not yet agreed)"


def review_context(case: Case) -> ReviewContext:
    version = terms.printed_version(list(TermsVersion.objects.filter(case=case)))
    lead_name, team = _team(case)
    if lead_name is None and version is not None and version.lead_organisations.strip():
        lead_name = "No lead reviewer: the review is led by " + version.lead_organisations.strip()
    planned = version.milestone_rows() if version is not None else []
    recorded = [{"milestone": label, "date": getattr(case, name)} for name, label in MILESTONES if getattr(case, name)]
    if version is None:
        # Before any draft: the Rapid Review's record, from which the first draft is made.
        pre = terms.prefill(case)
        summary, period, kloes, parallel, legal = (
            pre.get("case_summary"),
            pre.get("time_period"),
            pre.get("kloes", ""),
            pre.get("parallel_investigations"),
            pre.get("legal_advice"),
        )
    else:
        summary, kloes, parallel, legal = (
            version.case_summary,
            version.kloes,
            version.parallel_investigations,
            version.legal_advice,
        )
        period = join(
            version.time_period, f"Rationale: {version.time_period_rationale}" if version.time_period_rationale else ""
        )
    kloe_list = [line.strip() for line in str(kloes or "").splitlines() if line.strip()]
    v = version
    return {
        "lead_reviewer_name": lead_name,
        "review_team": team,
        "tor_version": _version_label(v) if v else None,
        "tor_case_summary": summary or None,
        "tor_period": period or None,
        "tor_kloes": kloe_list or None,
        "tor_parallel": parallel or None,
        "tor_legal_advice": legal or None,
        "family_involvement": join(
            v.family_involvement if v else "",
            f"Responsible for contact with the family: {v.family_contact_responsible}"
            if v and v.family_contact_responsible
            else "",
        ),
        "methodology": {
            "chronologies": (terms.shown(v, "chronologies") or None) if v else None,
            "information": (terms.shown(v, "information_method") or None) if v else None,
            "workshop": (terms.shown(v, "workshop_method") or None) if v else None,
        },
        "other_considerations": (v.other_considerations or None) if v else None,
        "milestones": recorded + planned,
        # Filled by the apps that record them (workshops, the report).
        "agency_specific_issues": None,
        "agency_parallel": None,
        "case_summary_reviewed": None,
        "independence_confirmed": None,
    }


def register_contexts() -> None:
    register("review", ReviewContext, review_context)
