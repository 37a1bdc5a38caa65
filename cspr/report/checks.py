"""Every check of a draft against its case, in one call: the command line and the upload run this."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from cspr.cases.models import Case, CaseMembership, MembershipRole, Person
from cspr.family.report import non_involvement_reasons, views_expressed
from cspr.lcspr.models import Appointment, AppointmentRole
from cspr.report import docxtext, identifiers, structure
from cspr.report.matcher import Finding, Scanner


@dataclass(frozen=True)
class Result:
    findings: list[Finding]
    structure: list[structure.Check]
    exec_summary_pages: int | None


def reviewer_names(case: Case) -> tuple[str, ...]:
    """The lead reviewer(s) of the review: active appointments, and members holding the role."""
    names = list(
        Appointment.objects.filter(case=case, role=AppointmentRole.LEAD_REVIEWER, ended__isnull=True).values_list(
            "name", flat=True
        )
    )
    names += CaseMembership.objects.filter(case=case, role=MembershipRole.LEAD_REVIEWER).values_list(
        "user__full_name", flat=True
    )
    return tuple(dict.fromkeys(n for n in names if n.strip()))


def expectations(case: Case) -> structure.Expectations:
    missing = [f"{r.relationship_to_child or 'A family member'}: {r.reason}" for r in non_involvement_reasons(case)]
    if not missing and not views_expressed(case) and Person.objects.filter(case=case).exists():
        missing.append("No family member's views are recorded in the family log yet")
    return structure.Expectations(reviewer_names=reviewer_names(case), views_missing=tuple(missing))


def scanner(case: Case) -> Scanner:
    return Scanner(identifiers.for_case(case))


def anonymisation(case: Case, data: bytes) -> list[Finding]:
    return scanner(case).scan(docxtext.units(data))


def run(case: Case, data: bytes, *, convert: Callable[[bytes], bytes] | None) -> Result:
    """Raises ``docxtext.UnreadableDocx`` for a file it cannot read. ``convert``: DOCX to PDF, to measure
    the executive summary (None: not measured)."""
    units = docxtext.units(data)
    scan = scanner(case)
    findings = scan.scan(units)
    # Pictures' file names ("jane_smith.png") count for the picture check; no text edit can clear them.
    named_files = scan.scan(media_units(data))
    checks, pages = structure.check(data, units, findings + named_files, expectations(case), convert)
    return Result(findings, checks, pages)


def media_units(data: bytes) -> list[docxtext.Unit]:
    names = [n for n in docxtext.open_docx(data).namelist() if n.startswith("word/media/")]
    return [
        docxtext.Unit(
            n,
            docxtext.BODY,
            f"Picture file {n.rsplit('/', 1)[-1]}",
            0,
            re.sub(r"[_\-.]+", " ", n.rsplit("/", 1)[-1]),
            picture=True,
        )
        for n in names
    ]
