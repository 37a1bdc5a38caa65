"""The documents app's own context providers: what the case, its people and its partnership hold.

Each provider is a ``TypedDict`` (the keys the templates read, with their types) and a function
returning it; ``register_all`` registers them under the names catalogue documents use in
``DocumentSpec.contexts``. ``None`` means the record does not hold the value: the template shows the
toolkit's ``[insert …]`` placeholder there and nowhere else. To add a context, copy the smallest
one here (``LetterContext`` / ``letter_context``), register it, and name it in the documents that
read it; ``tests/documents/test_catalogue_context.py`` then checks it against every template.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

from cspr.cases.models import Case, Person, PersonRole, Referral, Sex
from cspr.documents.context import fmt_date, join, labelled, register, today

# -- partnership --------------------------------------------------------------------------------


class PartnershipContext(TypedDict):
    partnership_name: str
    partnership_address: str | None
    partnership_phone: str | None
    partnership_email: str | None
    partnership_contact: str | None
    partnership_logo: bytes | None
    submission_contact: str | None
    advice_contact: str | None
    contact_clause: str | None
    family_contact: str | None
    family_contact_name: str | None
    family_contact_phone: str | None
    signature_name: str | None
    signature_role: str | None
    panel_chair_name: str | None


def _logo(partnership: Any) -> bytes | None:
    """The uploaded logo's bytes; a missing file leaves the toolkit's "insert logo" prompt instead."""
    if not partnership.logo:
        return None
    try:
        with partnership.logo.open("rb") as handle:
            return bytes(handle.read())
    except OSError:
        return None


def partnership_context(case: Case) -> PartnershipContext:
    p = case.lead_partnership
    contact = join(p.signature_name, p.contact_phone, p.contact_email, sep=", ")
    return {
        "partnership_name": p.name,
        "partnership_address": p.address or None,
        "partnership_phone": p.contact_phone or None,
        "partnership_email": p.contact_email or None,
        "partnership_contact": contact,
        "partnership_logo": _logo(p),
        "submission_contact": join(p.signature_name, p.contact_email, sep=", "),
        "advice_contact": contact,
        "contact_clause": f"(or {p.contact_email})" if p.contact_email else None,
        "family_contact": contact,
        "family_contact_name": p.signature_name or None,
        "family_contact_phone": p.contact_phone or None,
        "signature_name": p.signature_name or None,
        "signature_role": p.signature_role or None,
        "panel_chair_name": p.panel_chair_name or None,
    }


# -- letter (the smallest provider: copy this one) ---------------------------------------------------


class LetterContext(TypedDict):
    today: dt.date


def letter_context(case: Case) -> LetterContext:
    """The date a letter is written, for letters the record keeps no sent date for (``[date]``)."""
    return {"today": today()}


# -- case ----------------------------------------------------------------------------------------


class CaseContext(TypedDict):
    case_reference: str
    sin_reference: str | None
    referral_date: dt.date | None
    incident_date: dt.date | None
    date_notified: dt.date | None
    notification_received_date: dt.date | None
    scoping_sent_date: dt.date | None
    submitted_date: dt.date | None
    tor_date: dt.date | None
    parallel_processes: str | None


def case_context(case: Case) -> CaseContext:
    processes = [
        f"{p.get_kind_display()}: {', '.join(x for x in (p.contact, p.detail) if x) or 'yes'}"
        for p in case.parallel_processes.all()
    ]
    return {
        "case_reference": case.reference,
        "sin_reference": case.sin_reference or None,
        "referral_date": case.referral_received_date,
        "incident_date": case.incident_date,
        "date_notified": case.notification_sent_date,
        "notification_received_date": case.notification_sent_date or case.aware_date or case.referral_received_date,
        "scoping_sent_date": case.scoping_sent_date,
        "submitted_date": case.submitted_date,
        "tor_date": case.terms_of_reference_agreed_date,
        "parallel_processes": join(*processes),
    }


# -- child ---------------------------------------------------------------------------------------


class ChildContext(TypedDict):
    child_name: str | None
    child_first_name: str | None
    child_initials: str | None
    child_reference: str | None
    child_name_reference: str | None
    child_name_dob: str | None
    child_dob: dt.date | None
    child_dob_age: str | None
    child_aka: str | None
    child_nhs: str | None
    child_address: str | None
    child_previous_addresses: str | None
    child_gender: str | None
    child_ethnicity: str | None
    child_religion: str | None
    child_disability: str | None
    child_looked_after: str | None
    child_cp: str | None
    child_lead_practitioner: str | None
    child_other_details: str | None
    child_names: str | None
    review_subjects: str | None
    incident_kind: str
    incident_date_kind: str | None
    incident_past: str
    incident_clause: str


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def child_context(case: Case) -> ChildContext:
    children = [p for p in case.people.all() if p.role == PersonRole.SUBJECT_CHILD]
    child = children[0] if children else None
    referral = Referral.objects.filter(case=case).only("incident_kind").first()
    died = (child is not None and (child.deceased or child.date_of_death is not None)) or (
        referral is not None and referral.incident_kind == "death"
    )
    serious_harm = referral is not None and referral.incident_kind == "serious_harm"
    names = " and ".join(str(c) for c in children) or None
    when = case.incident_date or (child.date_of_death if child else None)
    dob = child.date_of_birth if child else None
    age_on = (child.date_of_death if child else None) or case.incident_date or today()
    name = str(child) if child else None
    ctx: ChildContext = {
        "child_name": name,
        "child_first_name": child.first_name if child else None,
        "child_initials": child.initials if child else None,
        "child_reference": f"{child.initials} ({case.reference})" if child else None,
        "child_name_reference": f"{name} / {case.reference}" if child else None,
        "child_name_dob": join(name, fmt_date(dob), sep=", "),
        "child_dob": dob,
        "child_dob_age": f"{fmt_date(dob)} (aged {_age(dob, age_on)})" if dob else None,
        "child_aka": None,
        "child_nhs": None,
        "child_address": None,
        "child_previous_addresses": None,  # not recorded: agencies are asked for them
        "child_gender": None,
        "child_ethnicity": None,
        "child_religion": None,
        "child_disability": None,
        "child_looked_after": None,
        "child_cp": None,
        "child_lead_practitioner": None,
        "child_other_details": None,
        "child_names": names,
        "review_subjects": names,
        "incident_kind": "death" if died else "serious injury",
        "incident_date_kind": f"{fmt_date(when)} ({'death' if died else 'serious incident'})" if when else None,
        "incident_past": "sadly died" if died else "seriously injured",
        # The record holds whether the child died or was seriously harmed, not a description of the injury.
        "incident_clause": "died"
        if died
        else ("suffered serious harm" if serious_harm else "suffered [insert serious injury]"),
    }
    if child is not None:
        ctx.update(
            {
                "child_aka": child.also_known_as or None,
                "child_nhs": child.nhs_number or None,
                "child_address": child.address or None,
                "child_gender": child.gender or (child.get_sex_display() if child.sex != Sex.UNKNOWN else None),
                "child_ethnicity": child.ethnicity or None,
                "child_religion": child.religion or None,
                "child_disability": child.disability or None,
                "child_looked_after": "Yes" if child.looked_after else "No",
                "child_cp": child.child_protection_history or None,
                "child_lead_practitioner": child.lead_practitioner or None,
                "child_other_details": labelled(
                    ("Disability", child.disability),
                    ("Looked after child", "Yes" if child.looked_after else "No"),
                    ("Care leaver", "Yes" if child.care_leaver else None),
                    ("Faith/religion", child.religion),
                    ("Language", child.language),
                ),
            }
        )
    return ctx


# -- family --------------------------------------------------------------------------------------


class PersonRow(TypedDict):
    name: str
    aka: str
    ethnicity: str
    nhs: str
    dob: str
    address: str
    previous_addresses: None
    relationship: str
    name_address: str
    legal_status: str
    other: str
    language: str
    religion: str
    employment: str


class FamilyContext(TypedDict):
    family: list[PersonRow]
    people: list[PersonRow]
    siblings: list[PersonRow]
    significant_others: list[PersonRow]
    family_short: list[PersonRow]
    mother: PersonRow | None
    father: PersonRow | None
    significant_family_names: str | None
    family_summary: str | None


def person_row(person: Person) -> PersonRow:
    relationship = person.relationship_to_child or (
        "Subject child" if person.role == PersonRole.SUBJECT_CHILD else person.get_role_display()
    )
    return {
        "name": str(person),
        "aka": person.also_known_as,
        "ethnicity": person.ethnicity,
        "nhs": person.nhs_number,
        "dob": fmt_date(person.date_of_birth),
        "address": person.address,
        "previous_addresses": None,
        "relationship": relationship,
        "name_address": "\n".join(p for p in (str(person), person.address) if p),
        "legal_status": person.legal_status,
        "other": labelled(
            ("Legal status", person.legal_status), ("Health", person.health), ("Disability", person.disability)
        )
        or "",
        "language": person.language,
        "religion": person.religion,
        "employment": person.employment,
    }


def family_context(case: Case) -> FamilyContext:
    people = list(case.people.all())
    others = [p for p in people if p.role != PersonRole.SUBJECT_CHILD]
    by_relation: dict[str, PersonRow] = {}
    for p in others:
        by_relation.setdefault(p.relationship_to_child.lower(), person_row(p))
    named = [f"{p} ({p.relationship_to_child or p.get_role_display()})" for p in others]
    return {
        "family": [person_row(p) for p in others],
        "people": [person_row(p) for p in people],
        "siblings": [
            person_row(p)
            for p in others
            if any(w in p.relationship_to_child.lower() for w in ("sibling", "brother", "sister"))
        ],
        "significant_others": [person_row(p) for p in others if p.role == PersonRole.SIGNIFICANT_OTHER],
        "family_short": [
            {**person_row(p), "relationship": (p.relationship_to_child or p.get_role_display()).upper()} for p in others
        ],
        "mother": by_relation.get("mother"),
        "father": by_relation.get("father"),
        # Every carer and family member recorded, each with how they relate to the child (Document 4).
        "significant_family_names": ", ".join(named) or None,
        "family_summary": join(*named),
    }


# -- agencies ------------------------------------------------------------------------------------


class AgencyRow(TypedDict):
    name: str
    contact: str
    reason: str


class AgenciesContext(TypedDict):
    agencies: list[AgencyRow]


def agencies_context(case: Case) -> AgenciesContext:
    return {
        "agencies": [
            {
                "name": inv.agency.name,
                "contact": join(
                    inv.agency.safeguarding_lead_name,
                    inv.agency.safeguarding_lead_email,
                    inv.agency.safeguarding_lead_phone,
                    inv.agency.address,
                )
                or "",
                "reason": "; ".join(x for x in (inv.reason or inv.note, "current" if inv.current else "") if x),
            }
            for inv in case.agencies_involved.select_related("agency")
        ]
    }


# -- referral (Document 1a) ------------------------------------------------------------------------


class EventRow(TypedDict):
    date: str
    event: str


class ReferralContext(TypedDict):
    date_of_referral: dt.date | None
    referral_open_to_social_care: str | None
    referrer_name: str | None
    referrer_agency: str | None
    referrer_contact: str | None
    dsl_name: str | None
    dsl_agency: str | None
    dsl_contact: str | None
    referral_circumstances: str | None
    referral_reasons: str | None
    referral_additional_information: str | None
    carer_at_incident: str | None
    sibling_safeguarding: str | None
    incident_location: str | None
    referral_events: list[EventRow]
    criminal_investigation: str | None
    coroner: str | None
    adult_safeguarding: str | None


def referral_context(case: Case) -> ReferralContext:
    r = Referral.objects.filter(case=case).first() or Referral(case=case)
    processes = {p.kind: p for p in case.parallel_processes.all()}

    def process(kind: str) -> str | None:
        p = processes.get(kind)
        return None if p is None else ", ".join(x for x in ("Yes", p.contact, p.detail) if x)

    return {
        "date_of_referral": r.date_of_referral or case.referral_received_date,
        "referral_open_to_social_care": r.open_to_social_care or None,
        "referrer_name": r.referrer_name or None,
        "referrer_agency": r.referrer_agency_role or None,
        "referrer_contact": join(r.referrer_contact, r.referrer_email),
        "dsl_name": r.dsl_name or None,
        "dsl_agency": r.dsl_agency_role or None,
        "dsl_contact": r.dsl_contact or None,
        "referral_circumstances": r.circumstances or None,
        "referral_reasons": r.reasons or None,
        "referral_additional_information": r.additional_information or None,
        "carer_at_incident": r.carer_at_time or None,
        "sibling_safeguarding": r.sibling_safeguarding or None,
        "incident_location": r.incident_location or None,
        "referral_events": [
            {"date": " ".join(x for x in (fmt_date(e.occurred_on), e.time) if x), "event": e.event}
            for e in case.referral_events.all()
        ],
        "criminal_investigation": process("criminal"),
        "coroner": process("coroner"),
        "adult_safeguarding": process("adult_safeguarding"),
    }


# -- deadlines -----------------------------------------------------------------------------------


class DeadlinesContext(TypedDict):
    scoping_return_date: dt.date | None
    return_deadline: dt.date | None


def deadlines_context(case: Case) -> DeadlinesContext:
    """The scoping return date the case shows (deadlines engine), once the requests are sent (rule 22)."""
    from cspr.deadlines.services import deadlines_for_case

    due = None
    if case.scoping_sent_date is not None:
        due = next((d.due for d in deadlines_for_case(case) if d.key == "scoping_return"), None)
    return {"scoping_return_date": due, "return_deadline": None}


# -- the review (LCSPR): the "review" provider lives in ``cspr/lcspr/context.py`` ------------------


# -- addressee (filled per letter by the engine) ------------------------------------------------------


class AddresseeContext(TypedDict):
    addressee_name: str | None
    addressee_salutation: str | None
    addressee_agency: str | None
    addressee_contact: str | None
    addressee_block: str | None
    child_relation: str | None


def addressee_context(case: Case) -> AddresseeContext:
    """Empty until ``context.address`` names the family member or agency a letter goes to."""
    return {
        "addressee_name": None,
        "addressee_salutation": None,
        "addressee_agency": None,
        "addressee_contact": None,
        "addressee_block": None,
        "child_relation": None,
    }


# Keys the app has no record field for yet: their toolkit placeholders stay for a person to fill.
# Every other placeholder in a document means the record lacks a value it could hold
# (``tests/documents/test_catalogue_fields.py`` renders a full case and allows only these).
NOT_RECORDED = frozenset(
    {
        "child_previous_addresses",
        "return_deadline",
        "agency_specific_issues",
        "agency_parallel",
        "case_summary_reviewed",
        "independence_confirmed",
        "mother.previous_addresses",
        "father.previous_addresses",
        "chair_name",
        "business_support",
        "addressee_name",
        "addressee_salutation",
        "addressee_agency",
        "addressee_contact",
        "addressee_block",
    }
)


def register_all() -> None:
    register("partnership", PartnershipContext, partnership_context)
    register("letter", LetterContext, letter_context)
    register("case", CaseContext, case_context)
    register("child", ChildContext, child_context)
    register("family", FamilyContext, family_context)
    register("agencies", AgenciesContext, agencies_context)
    register("referral", ReferralContext, referral_context)
    register("deadlines", DeadlinesContext, deadlines_context)
    register("addressee", AddresseeContext, addressee_context)
