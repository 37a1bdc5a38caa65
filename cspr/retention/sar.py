"""Subject-access export: what the partnership holds about one named person, across linked cases,
with third parties' details redacted (decision 0034).

The person is matched in their own case and in every case linked to it by the same first and last
name (and the same date of birth where both records have one). Everything about anyone else is
replaced by ``[redacted: third party]``: other people's names, addresses, NHS numbers, the names of
staff and practitioners. Workshop material (worksheets, practitioners) is never part of the export.
A surname the person shares with relatives stays: it is the person's own name.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from cspr.accounts.models import User
from cspr.audit import log as audit
from cspr.cases.models import Case, Person, Relationship
from cspr.chronology.models import ChronologyEntry
from cspr.family.models import Invitation
from cspr.retention.access import is_data_protection_lead

if TYPE_CHECKING:
    from cspr.organisations.models import Partnership

REDACTED = "[redacted: third party]"
PERSON_FIELDS = (
    "role",
    "first_name",
    "last_name",
    "also_known_as",
    "relationship_to_child",
    "date_of_birth",
    "date_of_death",
    "sex",
    "gender",
    "nhs_number",
    "ethnicity",
    "language",
    "religion",
    "disability",
    "employment",
    "legal_status",
    "health",
    "address",
    "looked_after",
    "care_leaver",
    "child_protection_history",
)


def matches(subject: Person) -> list[Person]:
    """The person's rows in their case and in the cases linked to it."""
    case_ids = [subject.case_id, *subject.case.linked_cases.values_list("pk", flat=True)]
    found = []
    for person in Person.objects.filter(case_id__in=case_ids).select_related("case").order_by("case_id", "id"):
        same_name = (
            person.first_name.strip().lower() == subject.first_name.strip().lower()
            and person.last_name.strip().lower() == subject.last_name.strip().lower()
        )
        same_birth = (
            person.date_of_birth is None
            or subject.date_of_birth is None
            or person.date_of_birth == subject.date_of_birth
        )
        if person.pk == subject.pk or (same_name and same_birth):
            found.append(person)
    return found


@dataclass
class Redactor:
    """Replaces every third party's identifying words in free text."""

    pattern: re.Pattern[str] | None

    @classmethod
    def build(cls, own: list[Person], case_ids: list[int]) -> Redactor:
        own_ids = {p.pk for p in own}
        own_words = {w.lower() for p in own for w in (p.first_name, p.last_name, p.also_known_as) if w}
        words: set[str] = set()
        for other in Person.objects.filter(case_id__in=case_ids).exclude(pk__in=own_ids):
            words |= {f"{other.first_name} {other.last_name}".strip(), other.first_name, other.also_known_as}
            words |= {other.nhs_number, other.address.strip()}
            words |= {line.strip() for line in other.address.splitlines()}
            if other.last_name.lower() not in own_words:
                words.add(other.last_name)
        # Staff and practitioners: everyone with a role on these cases, and every partnership user.
        users = User.objects.filter(case_memberships__case_id__in=case_ids) | User.objects.filter(
            partnership__cases__pk__in=case_ids
        )
        from cspr.workshops.models import Participant

        users = users | User.objects.filter(
            pk__in=Participant.objects.filter(workshop__case_id__in=case_ids).values("user_id")
        )
        for user in users.distinct():
            words |= {user.full_name, user.email, *user.full_name.split()}
        # Practitioners nominated to workshops, with or without an account (never exposed).
        from cspr.workshops.models import Nomination

        for full_name, email in Nomination.objects.filter(case_id__in=case_ids).values_list("full_name", "email"):
            words |= {full_name, email, *full_name.split()}
        words = {w for w in words if w and len(w) > 1 and w.lower() not in own_words}
        if not words:
            return cls(None)
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        return cls(re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE))

    def __call__(self, text: str) -> str:
        return self.pattern.sub(REDACTED, text) if (self.pattern and text) else text


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def collect(subject: Person) -> dict[str, Any]:
    """The export's content (a JSON-ready dict), already redacted."""
    own = matches(subject)
    case_ids = sorted({p.case_id for p in own} | {subject.case_id})
    redact = Redactor.build(own, case_ids)
    own_ids = {p.pk for p in own}
    records: list[dict[str, Any]] = []
    for person in own:
        entry: dict[str, Any] = {
            "case_reference": person.case.reference,
            "personal_details": {
                name: (
                    _plain(getattr(person, name))
                    if name in {"first_name", "last_name"}
                    else _redacted(redact, getattr(person, name))
                )
                for name in PERSON_FIELDS
            },
        }
        relations = Relationship.objects.filter(case=person.case).filter(
            from_person=person
        ) | Relationship.objects.filter(case=person.case, to_person=person)
        entry["relationships"] = [
            {
                "relationship": r.get_kind_display(),
                "direction": "from this person" if r.from_person_id == person.pk else "to this person",
                "other_person": "this person" if {r.from_person_id, r.to_person_id} <= own_ids else REDACTED,
                "note": redact(r.note),
            }
            for r in relations.order_by("id")
        ]
        entry["households"] = [
            {
                "household": redact(h.name),
                "address": REDACTED if h.members.exclude(pk__in=own_ids).exists() else h.address,
            }
            for h in person.households.all()
        ]
        invitation = Invitation.objects.filter(person=person).first()
        entry["family_engagement"] = (
            {
                "invited": invitation.invite,
                "taking_part": invitation.get_involvement_display(),
                "contacts": [
                    {
                        "on": c.on.isoformat(),
                        "method": c.get_method_display(),
                        "outcome": c.get_outcome_display(),
                        "notes": redact(c.notes),
                    }
                    for c in invitation.contacts.all()
                ],
                "views": [{"on": v.on.isoformat(), "summary": redact(v.summary)} for v in invitation.views.all()],
                "support": [
                    {"kind": s.get_kind_display(), "offered_on": s.offered_on.isoformat(), "detail": redact(s.detail)}
                    for s in invitation.support_offers.all()
                ],
            }
            if invitation is not None
            else None
        )
        records.append(entry)
    names = [w for p in own for w in (p.first_name, f"{p.first_name} {p.last_name}".strip()) if w]
    chronology = []
    is_child = any(p.role == "subject" for p in own)
    for item in (
        ChronologyEntry.objects.filter(case_id__in=case_ids)
        .select_related("agency", "case")
        .order_by("date_from", "id")
    ):
        text = " ".join((item.key_event, item.child_contact, item.family_contact, item.comment))
        if not is_child and not any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.IGNORECASE) for n in names):
            continue
        chronology.append(
            {
                "case_reference": item.case.reference,
                "date": item.date_text,
                "agency": item.agency.name,
                "event": redact(item.key_event),
                "contact_with_child": redact(item.child_contact),
                "contact_with_family": redact(item.family_contact),
            }
        )
    return {
        "subject_access_export": {
            "person": f"{subject.first_name} {subject.last_name}".strip(),
            "cases": [Case.objects.get(pk=pk).reference for pk in case_ids],
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "note": "Details of other people (third parties) are replaced by " + REDACTED + ".",
        },
        "records": records,
        "chronology": chronology,
    }


def _redacted(redact: Redactor, value: Any) -> Any:
    return redact(value) if isinstance(value, str) else _plain(value)


def _docx(content: dict[str, Any]) -> bytes:
    from cspr.documents.ooxml import new_document

    document = new_document()
    head = content["subject_access_export"]
    document.add_heading(f"Subject access export: {head['person']}", level=1)
    document.add_paragraph(head["note"])
    document.add_paragraph("Cases: " + ", ".join(head["cases"]))
    for record in content["records"]:
        document.add_heading(f"Record in case {record['case_reference']}", level=2)
        table = document.add_table(rows=0, cols=2)
        for name, value in record["personal_details"].items():
            if value not in ("", None, False):
                row = table.add_row().cells
                row[0].text, row[1].text = name.replace("_", " ").capitalize(), str(value)
        for rel in record["relationships"]:
            document.add_paragraph(f"{rel['relationship']} ({rel['direction']}): {rel['other_person']}")
    if content["chronology"]:
        document.add_heading("Chronology entries", level=2)
        for item in content["chronology"]:
            document.add_paragraph(f"{item['date']} ({item['agency']}, {item['case_reference']}): {item['event']}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def export(partnership: Partnership, subject: Person, *, acting_user: User) -> tuple[str, bytes]:
    """The ZIP (JSON and Word) for the person; audited, and each case read is access-logged."""
    if not is_data_protection_lead(acting_user, partnership.pk) or subject.case.lead_partnership_id != partnership.pk:
        raise PermissionError("Only the partnership's data protection lead can export a person's records.")
    content = collect(subject)
    data = json.dumps(content, indent=2, ensure_ascii=False).encode()
    stamp = timezone.localdate().isoformat()
    stem = f"subject-access-{subject.case.reference}-{subject.pk}-{stamp}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.json", data)
        archive.writestr(f"{stem}.docx", _docx(content))
    with transaction.atomic():
        audit.record(
            actor=acting_user,
            action="retention.subject_access_exported",
            obj=subject,
            case=subject.case,
            after={"cases": content["subject_access_export"]["cases"], "person_id": subject.pk},
        )
    for case in Case.objects.filter(reference__in=content["subject_access_export"]["cases"]):
        audit.log_access(actor=acting_user, what="subject_access_export", case=case, obj=subject)
    return f"{stem}.zip", buffer.getvalue()
