"""The family network (§7.2): the case's people and the genogram's relationships and households.

Everyone recorded on the case is in the network except the dead, and the subject child where the
review is about a death (§5.6.1: "the child (where the review does not involve a death)"). A person
with no ``Invitation`` row yet is invited by default (rule 51) with nobody named to make contact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from cspr.cases.models import Case, Person, PersonRole, Referral
from cspr.chronology import genogram
from cspr.family.models import NON_INVOLVEMENT, Invitation, Involvement


def review_is_about_a_death(case: Case) -> bool:
    return Referral.objects.filter(case=case, incident_kind="death").exists()


def in_network(person: Person, *, death: bool) -> bool:
    if person.deceased or person.date_of_death is not None:
        return False
    return not (person.role == PersonRole.SUBJECT_CHILD and death)


@dataclass
class Member:
    person: Person
    invitation: Invitation | None
    relationships: list[str] = field(default_factory=list)
    households: list[str] = field(default_factory=list)

    @property
    def invited(self) -> bool:
        return self.invitation is None or self.invitation.invite

    @property
    def involvement(self) -> str:
        if not self.invited:
            return "Not invited"
        if self.invitation is None:
            return Involvement.NOT_YET_KNOWN.label
        return self.invitation.get_involvement_display()

    @property
    def not_involved(self) -> bool:
        return not self.invited or (self.invitation is not None and self.invitation.involvement in NON_INVOLVEMENT)


def network(case: Case, today: dt.date | None = None) -> list[Member]:
    """Every person of the network with their invitation, relationships and households (fixed queries)."""
    family = genogram.load(case, today or timezone.localdate())
    death = review_is_about_a_death(case)
    invitations = {i.person_id: i for i in Invitation.objects.filter(case=case).select_related("coordinator")}
    names = {p.pk: str(p) for p in family.people}
    members = []
    for person in family.people:
        if not in_network(person, death=death):
            continue
        members.append(
            Member(
                person=person,
                invitation=invitations.get(person.pk),
                relationships=[
                    genogram.describe_relationship(r, names)
                    for r in family.relationships
                    if person.pk in (r.from_person_id, r.to_person_id)
                ],
                households=[h.name for h in family.households if any(m.pk == person.pk for m in h.members.all())],
            )
        )
    return members


def network_person(case: Case, person_id: int) -> Person | None:
    """A person of this case's network, or None (the dead and a deceased subject child are not invited)."""
    person = Person.objects.filter(case=case, pk=person_id).first()
    if person is None or not in_network(person, death=review_is_about_a_death(case)):
        return None
    return person
