"""Every identifying value the case record holds, as ``matcher.Identifier``s (a fixed number of queries).

Read: each person's names, aliases, initials, date of birth, NHS number and address (and any phone
number, postcode or email written in their free-text fields); each household's address; the
referral's incident location; the schools and early years settings recorded as involved. Labels
name what a value is ("Mother's date of birth"), never the value, so a finding can be shown to
anyone who may read the draft.
"""

from __future__ import annotations

import re

from cspr.cases.models import AgencyInvolvement, Case, Household, Person, PersonRole, Referral
from cspr.organisations.models import AgencyType
from cspr.report.matcher import (
    ADDRESS,
    ALIAS,
    DOB,
    EMAIL,
    EMAIL_RE,
    INITIALS,
    NAME,
    NHS,
    PHONE,
    PHONE_RE,
    POSTCODE,
    SCHOOL,
    Identifier,
    digits,
    normal,
)

POSTCODE_ANY = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})\b", re.I)
SCHOOL_TYPES = (AgencyType.SCHOOL, AgencyType.EARLY_YEARS)
SCHOOL_WORDS = re.compile(
    r"\b(primary|secondary|infant|junior|nursery|high|grammar|c of e|church of england|r\.?c\.?|catholic|"
    r"community|academy|school|college|pre-school|preschool|children's centre|day nursery)\b",
    re.I,
)
FREE_TEXT = ("address", "also_known_as", "health", "child_protection_history", "employment", "legal_status")


def who(person: Person) -> str:
    if person.role == PersonRole.SUBJECT_CHILD:
        return "The child"
    return person.relationship_to_child or person.get_role_display()


def person_key(person: Person) -> str:
    return f"person:{person.pk}"


def surname_key(surname: str) -> str:
    return f"surname:{normal(surname)}"


def _address(value: str, label: str, found: list[Identifier]) -> None:
    lines = [line.strip() for line in re.split(r"[,\n]", value) if line.strip()]
    lines = [line for line in lines if not (PHONE_RE.search(line) or "@" in line)]
    postcodes = [m.group() for m in POSTCODE_ANY.finditer(value)]
    for pc in postcodes:
        found.append(Identifier(POSTCODE, pc.upper(), "kind:postcode", f"{label} postcode"))
    lines = [line for line in lines if not POSTCODE_ANY.fullmatch(line)]
    # The last line left is the town: a place name, not an identifier by itself.
    streets = lines[:-1] if len(lines) > 1 else lines
    for line in streets:
        found.append(Identifier(ADDRESS, line, "kind:address", f"{label} address"))
        without_number = re.sub(r"^\s*(flat\s+\w+\s+)?\d+[a-z]?\s+", "", line, flags=re.I)
        if without_number != line and len(without_number.split()) >= 2:
            found.append(Identifier(ADDRESS, without_number, "kind:address", f"{label} address"))


def _contacts(value: str, label: str, found: list[Identifier]) -> None:
    for m in PHONE_RE.finditer(value):
        if 10 <= len(digits(m.group())) <= 12:
            found.append(Identifier(PHONE, m.group().strip(), "kind:phone number", f"{label} phone number"))
    for m in EMAIL_RE.finditer(value):
        found.append(Identifier(EMAIL, m.group(), "kind:email", f"{label} email address"))


def _names(person: Person, label: str, key: str, found: list[Identifier]) -> None:
    first, last = person.first_name.strip(), person.last_name.strip()
    if first and last:
        found.append(Identifier(NAME, f"{first} {last}", key, f"{label}'s name"))
        words = first.split()
        initials = {words[0][0] + last[0], "".join(w[0] for w in words) + last[0]}
        found.extend(
            Identifier(INITIALS, value.upper(), key, f"{label}'s initials")
            for value in sorted(initials)
            if 2 <= len(value) <= 4
        )
    if first:
        found.append(Identifier(NAME, first, key, f"{label}'s first name"))
    if last:
        found.append(Identifier(NAME, last, surname_key(last), "The family's surname"))
        found.extend(
            Identifier(NAME, part, surname_key(part), "Part of the family's surname")
            for part in re.split(r"[\s\-]+", last)
            if part and part != last
        )
    for alias in re.split(r"[,;/]|\bor\b", person.also_known_as):
        if alias.strip():
            found.append(Identifier(ALIAS, alias.strip(), key, f"{label}'s alias"))


def for_person(person: Person) -> list[Identifier]:
    label = who(person)
    found: list[Identifier] = []
    _names(person, label, person_key(person), found)
    if person.date_of_birth:
        found.append(
            Identifier(DOB, person.date_of_birth.isoformat(), "kind:date of birth", f"{label}'s date of birth")
        )
    if person.nhs_number.strip():
        found.append(Identifier(NHS, person.nhs_number.strip(), "kind:NHS number", f"{label}'s NHS number"))
    if person.address.strip():
        _address(person.address, f"{label}'s", found)
    for name in FREE_TEXT:
        _contacts(getattr(person, name), f"{label}'s", found)
    return found


def school_names(name: str) -> list[str]:
    """The school's name, and its distinctive part ("Demo Oak Primary School" -> "Demo Oak")."""
    names = [name.strip()]
    short = " ".join(SCHOOL_WORDS.sub(" ", name).split())
    if short and normal(short) != normal(name):
        names.append(short)
    return names


def for_case(case: Case) -> list[Identifier]:
    """Four queries, whatever the size of the family."""
    found: list[Identifier] = []
    people = list(Person.objects.filter(case=case).order_by("role", "pk"))
    for person in people:
        found.extend(for_person(person))
    for household in Household.objects.filter(case=case):
        if household.address.strip():
            _address(household.address, f"A household's ({household.name})", found)
            _contacts(household.address, "A household's", found)
    referral = Referral.objects.filter(case=case).first()
    if referral is not None and referral.incident_location.strip():
        _address(referral.incident_location, "The incident's", found)
    for inv in AgencyInvolvement.objects.filter(case=case, agency__agency_type__in=SCHOOL_TYPES).select_related(
        "agency"
    ):
        for value in school_names(inv.agency.name):
            found.append(Identifier(SCHOOL, value, "kind:school", "A school or setting the family used"))
    return found
