"""The pseudonym glossary: what replaces each identifier in the publishable version.

Prefilled from the record (``defaults``): the child's pseudonym, each family member by their
relationship to the child ("Mother", "Mother's partner"), the family's surname, and a placeholder
for each kind of value (address, postcode, date of birth…). Saved rows override the defaults.
A finding's replacement is its owner's row (the person, the surname) or its kind's row.
"""

from __future__ import annotations

from dataclasses import dataclass

from cspr.cases.models import Case, Person, PersonRole
from cspr.report import identifiers, rewrite
from cspr.report.matcher import ADDRESS, DATE, DOB, EMAIL, NHS, PHONE, POSTCODE, SCHOOL, Finding
from cspr.report.models import GlossaryEntry

CHILD_DEFAULT = "Child A"
KIND_DEFAULTS = {
    ADDRESS: "the family home",
    POSTCODE: "[postcode]",
    DOB: "[date of birth]",
    NHS: "[NHS number]",
    PHONE: "[phone number]",
    EMAIL: "[email address]",
    SCHOOL: "the child's school",
    DATE: "[date]",
}
KIND_LABELS = {
    ADDRESS: "Addresses",
    POSTCODE: "Postcodes",
    DOB: "Dates of birth",
    NHS: "NHS numbers",
    PHONE: "Phone numbers",
    EMAIL: "Email addresses",
    SCHOOL: "Schools and settings",
    DATE: "Other full dates",
}


@dataclass(frozen=True)
class Row:
    key: str
    label: str  # who or what: "The child (pseudonym)", "Mother", "The family's surname"
    held: str  # what the record holds, shown to the team who fill the glossary
    replacement: str
    saved: bool


def defaults(case: Case) -> list[Row]:
    rows: list[Row] = []
    surnames: dict[str, str] = {}
    for person in Person.objects.filter(case=case).order_by("role", "pk"):
        child = person.role == PersonRole.SUBJECT_CHILD
        label = "The child (pseudonym)" if child else identifiers.who(person)
        rows.append(Row(identifiers.person_key(person), label, str(person), CHILD_DEFAULT if child else label, False))
        if person.last_name.strip():
            surnames.setdefault(identifiers.surname_key(person.last_name), person.last_name.strip())
            for part in person.last_name.replace("-", " ").split():
                surnames.setdefault(identifiers.surname_key(part), part)
    for key, surname in surnames.items():
        rows.append(Row(key, "The family's surname, alone", surname, "the family", False))
    for kind, value in KIND_DEFAULTS.items():
        rows.append(Row(f"kind:{kind}", KIND_LABELS[kind], "", value, False))
    return rows


def rows(case: Case) -> list[Row]:
    saved = dict(GlossaryEntry.objects.filter(case=case).values_list("key", "replacement"))
    return [Row(r.key, r.label, r.held, saved.get(r.key, r.replacement), r.key in saved) for r in defaults(case)]


def replacements(case: Case) -> dict[str, str]:
    return {r.key: r.replacement for r in rows(case)}


def replacement_for(finding: Finding, table: dict[str, str]) -> str:
    if finding.owner and finding.owner in table:
        return table[finding.owner]
    return table.get(f"kind:{finding.kind}", f"[{finding.kind}]")


def edits(findings: list[Finding], accepted: set[str], table: dict[str, str]) -> list[rewrite.Edit]:
    return [
        rewrite.Edit(f.part, f.unit, f.start, f.end, replacement_for(f, table))
        for f in findings
        if f.key not in accepted
    ]
