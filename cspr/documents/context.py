"""What a document knows about a case: the record's own fields plus what other apps contribute.

Other apps never get imported from here. They register a provider in their ``AppConfig.ready``::

    from cspr.documents.context import register_provider
    register_provider(rapid_review_context)   # (case) -> {"decision": ["b"], ...}

Providers run in order after the base context, and their keys override it. The keys the documents
read are listed in ``docs/apps/documents.md``; a key nobody provides becomes the toolkit's
``[insert …]`` placeholder in the document, never an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.utils import timezone

from cspr.cases.models import Case, Person, PersonRole, Sex
from cspr.documents.adapt import adapt

ContextProvider = Callable[[Case], dict[str, Any]]
CONTEXT_PROVIDERS: list[ContextProvider] = []


def register_provider(provider: ContextProvider) -> None:
    """Add a provider (from an ``AppConfig.ready``); registering it twice keeps one."""
    if provider not in CONTEXT_PROVIDERS:
        CONTEXT_PROVIDERS.append(provider)


DECISION_PHRASES = {
    "a": "meets the criteria for a national Child Safeguarding Practice Review",
    "b": "meets the criteria for a local Child Safeguarding Practice Review",
    "c": "does not meet the criteria for a Child Safeguarding Practice Review but warrants a local Child Safeguarding Practice Review",
    "d": "warrants consideration of {other}",
    "e": "does not meet the criteria for a Child Safeguarding Practice Review: the Rapid Review has identified learning that has been acted upon, obviating the need for further review",
}


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _d(value: dt.date | None) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def _name(person: Person) -> str:
    return str(person)


def _person(person: Person) -> dict[str, Any]:
    return {
        "name": _name(person),
        "aka": person.also_known_as,
        "ethnicity": person.ethnicity,
        "nhs": person.nhs_number,
        "dob": _d(person.date_of_birth),
        "address": person.address,
        "relationship": person.relationship_to_child
        or ("Subject child" if person.role == PersonRole.SUBJECT_CHILD else ""),
        "name_address": "\n".join(p for p in (_name(person), person.address) if p),
        "legal_status": person.legal_status,
        "other": "; ".join(p for p in (person.legal_status, person.health, person.disability) if p),
        "language": person.language,
        "religion": person.religion,
        "employment": person.employment,
    }


def _child_relation(addressee: str, child: Person) -> str:
    """How the child relates to the letter's addressee (Document 8): "your daughter" etc."""
    word = addressee.lower()
    female, male = child.sex == Sex.FEMALE, child.sex == Sex.MALE
    if any(k in word for k in ("mother", "father", "parent", "carer")) and "grand" not in word:
        return "daughter" if female else "son" if male else "child"
    if any(k in word for k in ("brother", "sister", "sibling")):
        return "sister" if female else "brother" if male else "sibling"
    if "grand" in word:
        return "granddaughter" if female else "grandson" if male else "grandchild"
    return ""


def _logo(partnership: Any) -> bytes | None:
    """The uploaded logo's bytes; a missing file leaves the toolkit's "insert logo" prompt instead."""
    if not partnership.logo:
        return None
    try:
        with partnership.logo.open("rb") as handle:
            return bytes(handle.read())
    except OSError:
        return None


def _base(case: Case, today: dt.date) -> dict[str, Any]:
    partnership = case.lead_partnership
    people = list(case.people.all())
    children = [p for p in people if p.role == PersonRole.SUBJECT_CHILD]
    others = [p for p in people if p.role != PersonRole.SUBJECT_CHILD]
    child = children[0] if children else None
    contact = ", ".join(
        p for p in (partnership.signature_name, partnership.contact_phone, partnership.contact_email) if p
    )
    ctx: dict[str, Any] = {
        "today": today,
        "case_reference": case.reference,
        "partnership_name": partnership.name,
        "partnership_address": partnership.address,
        "partnership_phone": partnership.contact_phone,
        "partnership_email": partnership.contact_email,
        "partnership_contact": contact,
        "partnership_logo": _logo(partnership),
        "submission_contact": ", ".join(p for p in (partnership.signature_name, partnership.contact_email) if p),
        "advice_contact": contact,
        "contact_clause": f"(or {partnership.contact_email})" if partnership.contact_email else None,
        "family_contact_name": partnership.signature_name,
        "family_contact_phone": partnership.contact_phone,
        "signature_name": partnership.signature_name,
        "signature_role": partnership.signature_role,
        "referral_date": case.referral_received_date,
        "incident_date": case.incident_date,
        "date_notified": case.notification_sent_date,
        "notification_received_date": case.notification_sent_date or case.referral_received_date,
        "meeting_date": case.meeting_date,
        "submitted_date": case.submitted_date,
        "scoping_sent_date": case.scoping_sent_date,
        "family": [_person(p) for p in others],
        "people": [_person(p) for p in people],
        "siblings": [
            _person(p)
            for p in others
            if "sibling" in p.relationship_to_child.lower()
            or any(w in p.relationship_to_child.lower() for w in ("brother", "sister"))
        ],
        "significant_others": [_person(p) for p in others if p.role == PersonRole.SIGNIFICANT_OTHER],
        "family_short": [{**_person(p), "relationship": (p.relationship_to_child or "").upper()} for p in others],
        "agencies": [
            {
                "name": inv.agency.name,
                "contact": "\n".join(
                    x
                    for x in (
                        inv.agency.safeguarding_lead_name,
                        inv.agency.safeguarding_lead_email,
                        inv.agency.safeguarding_lead_phone,
                        inv.agency.address,
                    )
                    if x
                ),
                "reason": inv.note,
            }
            for inv in case.agencies_involved.select_related("agency")
        ],
        "child_names": " and ".join(_name(c) for c in children),
        "review_subjects": " and ".join(_name(c) for c in children),
    }
    for p in others:
        rel = p.relationship_to_child.lower()
        if rel == "mother" and "mother" not in ctx:
            ctx["mother"] = _person(p)
        if rel == "father" and "father" not in ctx:
            ctx["father"] = _person(p)
    if child is not None:
        ctx.update(_child(case, child, today))
    ctx["significant_family_names"] = ", ".join(_name(p) for p in others if p.role == PersonRole.FAMILY_MEMBER)
    return ctx


def _child(case: Case, child: Person, today: dt.date) -> dict[str, Any]:
    died = child.deceased or child.date_of_death is not None
    when = case.incident_date or child.date_of_death
    dob = child.date_of_birth
    age_on = child.date_of_death or case.incident_date or today
    details = [child.disability, "Looked after child" if child.looked_after else "", child.religion]
    return {
        "child": _person(child),
        "child_name": _name(child),
        "child_first_name": child.first_name,
        "child_initials": child.initials,
        "child_reference": f"{child.initials} ({case.reference})",
        "child_name_reference": f"{_name(child)} / {case.reference}",
        "child_name_dob": ", ".join(x for x in (_name(child), _d(dob)) if x),
        "child_dob": dob,
        "child_dob_age": f"{_d(dob)} (aged {_age(dob, age_on)})" if dob else "",
        "child_aka": child.also_known_as,
        "child_nhs": child.nhs_number,
        "child_address": child.address,
        "child_gender": child.gender or (child.get_sex_display() if child.sex != Sex.UNKNOWN else ""),
        "child_ethnicity": child.ethnicity,
        "child_religion": child.religion,
        "child_disability": child.disability,
        "child_looked_after": "Yes" if child.looked_after else "No",
        "child_cp": child.child_protection_history,
        "child_lead_practitioner": child.lead_practitioner,
        "child_other_details": "; ".join(d for d in details if d),
        "incident_kind": "death" if died else "serious injury",
        "incident_date_kind": f"{_d(when)} ({'death' if died else 'serious incident'})" if when else "",
        "incident_past": "sadly died" if died else "seriously injured",
        "incident_clause": "died" if died else "suffered [insert serious injury]",
    }


def _derived(ctx: dict[str, Any]) -> None:
    """Wording that depends on what the record says (Document 5, Document 8, learning template)."""
    decision = ctx.get("decision")
    letters = [decision] if isinstance(decision, str) else list(decision or [])
    phrases = []
    for letter in sorted(str(x).lower() for x in letters):
        if letter in DECISION_PHRASES:
            other = ctx.get("decision_other") or "a DHR, SAR, MAPPA or other review"
            phrases.append(DECISION_PHRASES[letter].format(other=other))
    if phrases:
        ctx["decision"] = letters
        ctx.setdefault("decision_sentence", " and ".join(phrases) + ".")
    ratifications = ctx.get("ratifications") or []
    if ratifications:
        names = [", ".join(str(r[k]) for k in ("name", "role", "partner") if r.get(k)) for r in ratifications]
        ctx.setdefault("endorsement_sentence", "The decision has been endorsed by " + "; ".join(names) + ".")
        ctx.setdefault(
            "ratification_statement",
            "The Rapid Review was ratified by the three Safeguarding Partners: " + "; ".join(names) + ".",
        )
    injury = ctx.get("injury_description")
    if ctx.get("incident_kind") == "serious injury" and injury:
        ctx["incident_clause"] = f"suffered {injury}"
    kloes = ctx.get("kloes") or []
    sections: list[dict[str, str]] = []
    for number in range(1, max(7, len(kloes)) + 1):
        title = f"SIGNIFICANT PRACTICE EVENT / ISSUE / KEY LINE OF ENQUIRY {number}:"
        text = str(kloes[number - 1]) if number <= len(kloes) else ""
        sections.extend(
            [
                {"heading": title, "answer": text},
                {"heading": "ANALYSIS:"},
                {"heading": "RECOMMENDATION:"},
                {"heading": "HIGHLIGHT GOOD PRACTICE:"},
            ]
        )
    ctx["kloe_sections"] = sections
    for i, row in enumerate(ctx.get("signatories") or [], start=1):
        row.setdefault("number", f"{i}.")
    if not ctx.get("signatories"):
        ctx["signatories"] = [{"number": f"{i}."} for i in range(1, 9)]


def addressee(ctx: dict[str, Any], *, person: Person | None = None, agency: Any = None) -> None:
    """Address a letter to one family member (Document 8) or one agency (portal requests)."""
    if person is not None:
        ctx["addressee_name"] = str(person)
        child = ctx.get("_child_obj")
        if isinstance(child, Person):
            relation = _child_relation(person.relationship_to_child, child)
            if relation:
                ctx["child_relation"] = relation
    if agency is not None:
        ctx["addressee_agency"] = agency.name
        if agency.safeguarding_lead_name:
            ctx["addressee_name"] = agency.safeguarding_lead_name
            ctx["addressee_salutation"] = agency.safeguarding_lead_name
        ctx["addressee_contact"] = "\n".join(
            x for x in (agency.safeguarding_lead_email, agency.safeguarding_lead_phone, agency.address) if x
        )
        ctx["addressee_block"] = "\n".join(x for x in (agency.safeguarding_lead_name, agency.name, agency.address) if x)


def build_context(
    case: Case, *, today: dt.date | None = None, providers: Iterable[ContextProvider] | None = None
) -> dict[str, Any]:
    today = today or timezone.localdate()
    ctx = _base(case, today)
    for provider in CONTEXT_PROVIDERS if providers is None else providers:
        ctx.update({k: v for k, v in provider(case).items() if v is not None})
    child = next((p for p in case.people.all() if p.role == PersonRole.SUBJECT_CHILD), None)
    ctx["_child_obj"] = child
    adapt(ctx)
    _derived(ctx)
    return ctx


def default_family_addressee(case: Case) -> Person | None:
    """Document 8 goes to a parent first, then any family member."""
    family = [p for p in case.people.all() if p.role == PersonRole.FAMILY_MEMBER]
    order = {"mother": 0, "father": 1, "parent": 2}
    parents = sorted(
        (p for p in family if p.relationship_to_child.lower() in order),
        key=lambda p: order[p.relationship_to_child.lower()],
    )
    chosen = parents or family
    return chosen[0] if chosen else None
