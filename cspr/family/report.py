"""What the family engagement gives the rest of the review, in a fixed number of queries.

- ``counts``: the LCSPR task list's numbers (no names: shown to people without family-log access);
- ``engagement_summary``: one sentence for the review team meeting's standing item (§7.1.4);
- ``non_involvement_reasons`` and ``views_expressed``: for the final report (§7.4.2, §9.1.5). They
  hand over what the family log holds; the report stage decides how to anonymise it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q

from cspr.cases.models import Case, Person, PersonRole
from cspr.family.models import NON_INVOLVEMENT, REACHED, Contact, ContactKind, Invitation, Involvement, ViewExpressed
from cspr.family.network import review_is_about_a_death
from cspr.ui.formatting import format_date
from cspr.ui.wording import plural


@dataclass(frozen=True)
class Counts:
    network: int
    invitees: int
    not_invited: int
    with_coordinator: int
    letters_sent: int
    contacted: int
    taking_part: int
    not_involved: int  # declined, could not be contacted, police asked to delay, or not invited
    outcome_known: int  # invitees whose involvement is known
    last_contact: dt.date | None


def counts(case: Case) -> Counts:
    """Four queries whatever the size of the family or of the log."""
    death = review_is_about_a_death(case)
    people = [
        p["pk"]
        for p in Person.objects.filter(case=case).values("pk", "role", "deceased", "date_of_death")
        if not (p["deceased"] or p["date_of_death"] or (death and p["role"] == PersonRole.SUBJECT_CHILD))
    ]
    invitations: dict[int, Mapping[str, Any]] = {
        i["person_id"]: i
        for i in Invitation.objects.filter(case=case).values("person_id", "invite", "involvement", "coordinator_id")
    }
    contacts: dict[int, Mapping[str, Any]] = {
        c["invitation__person_id"]: c
        for c in Contact.objects.filter(invitation__case=case)
        .values("invitation__person_id")
        .annotate(
            reached=Count("pk", filter=Q(outcome__in=REACHED) | Q(kind=ContactKind.MEETING)),
            letters=Count("pk", filter=Q(kind=ContactKind.LETTER)),
            last=Max("on"),
        )
    }
    invitees = [pk for pk in people if invitations.get(pk, {}).get("invite", True)]
    involvement = {pk: invitations.get(pk, {}).get("involvement", Involvement.NOT_YET_KNOWN) for pk in invitees}
    lasts = [c["last"] for pk, c in contacts.items() if pk in people]
    return Counts(
        network=len(people),
        invitees=len(invitees),
        not_invited=len(people) - len(invitees),
        with_coordinator=sum(1 for pk in invitees if invitations.get(pk, {}).get("coordinator_id")),
        letters_sent=sum(1 for pk in invitees if contacts.get(pk, {}).get("letters")),
        contacted=sum(1 for pk in invitees if contacts.get(pk, {}).get("reached")),
        taking_part=sum(1 for v in involvement.values() if v == Involvement.TAKING_PART),
        not_involved=(len(people) - len(invitees)) + sum(1 for v in involvement.values() if v in NON_INVOLVEMENT),
        outcome_known=sum(1 for v in involvement.values() if v != Involvement.NOT_YET_KNOWN),
        last_contact=max(lasts) if lasts else None,
    )


@dataclass(frozen=True)
class EngagementSummary:
    counts: Counts
    text: str  # no names: fit for any minutes


def summary_text(c: Counts) -> str:
    if c.network == 0:
        return "No family members are recorded on the case yet."
    parts = [
        f"{plural(c.invitees, 'family member')} to be invited"
        + (f" ({c.not_invited} not invited, with reasons recorded)" if c.not_invited else ""),
        f"{c.letters_sent} sent the letter and leaflet",
        f"{c.contacted} contacted",
        f"{c.taking_part} taking part",
        f"{c.not_involved} not involved",
    ]
    last = f" Last contact {format_date(c.last_contact)}." if c.last_contact else " No contact recorded yet."
    return "; ".join(parts) + "." + last


def engagement_summary(case: Case) -> EngagementSummary:
    """The standing item "family engagement" at every review team meeting (§7.1.4), as counts."""
    c = counts(case)
    return EngagementSummary(counts=c, text=summary_text(c))


@dataclass(frozen=True)
class NonInvolvement:
    person: str
    relationship_to_child: str
    reason: str  # "Declined to take part", "Could not be contacted", "Police asked to delay contact", "Not invited"
    detail: str


def non_involvement_reasons(case: Case) -> list[NonInvolvement]:
    """Every family member not involved and why, for the report's statement (§7.4.2, §9.1.5). One query."""
    found = []
    for invitation in Invitation.objects.filter(case=case).select_related("person").order_by("person_id"):
        person = invitation.person
        if not invitation.invite:
            reason, detail = "Not invited (a strong reason not to)", invitation.reason_not_invited
        elif invitation.involvement in NON_INVOLVEMENT:
            reason, detail = invitation.get_involvement_display(), invitation.involvement_reason
        else:
            continue
        found.append(NonInvolvement(str(person), person.relationship_to_child, reason, detail))
    return found


@dataclass(frozen=True)
class ViewRecord:
    person: str
    relationship_to_child: str
    on: dt.date
    summary: str


def views_expressed(case: Case) -> list[ViewRecord]:
    """What family members said, for the report (those they did not ask to keep out of it). One query."""
    return [
        ViewRecord(str(v.invitation.person), v.invitation.person.relationship_to_child, v.on, v.summary)
        for v in ViewExpressed.objects.filter(invitation__case=case, for_report=True)
        .select_related("invitation__person")
        .order_by("on", "id")
    ]
