"""Quorum (rules.md C8, rule 28): at least one present participant for each of the lead partnership's
three statutory partners. It counts people, not rows:

- a participant represents a partner only if they belong to it: linked to a CSPR Manager user of that
  partner (``User.statutory_partner`` of the lead partnership), or recorded as employed by that
  partner's organisation (``Attendee.employed_by``);
- one person counts for one partner only: rows are grouped into people (the linked user, else the
  email address, else the name), and the partners are matched to distinct people;
- representatives without delegated authority are flagged.

Computed from the attendance rows every time it is shown or checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cspr.organisations.models import PartnerKind
from cspr.rapidreview.models import Attendee, Meeting


@dataclass
class Quorum:
    quorate: bool
    covered: dict[str, list[str]] = field(default_factory=dict)  # partner kind -> names
    missing: list[str] = field(default_factory=list)  # partner labels
    without_authority: list[str] = field(default_factory=list)
    # Rows that were not counted, and why (not of that partner; the same person twice).
    not_counted: list[str] = field(default_factory=list)
    # partner kind -> "Yes"/"No": whether the person counted for it has delegated authority.
    authority: dict[str, bool] = field(default_factory=dict)

    @property
    def message(self) -> str:
        if self.quorate:
            return "The meeting is quorate: the local authority, the ICB and the police are each represented."
        return "The meeting is not quorate. Not represented: " + ", ".join(self.missing) + "."


def people(attendees: list[Attendee]) -> list[str]:
    """One key per row naming the person it is: rows are the same person when they share the linked
    user or the email address, or the name where either row has no email address (one person entered
    three times under different partners, with or without their details)."""
    parent = list(range(len(attendees)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        parent[root(i)] = root(j)

    seen: dict[str, int] = {}
    named: dict[str, list[int]] = {}
    for i, a in enumerate(attendees):
        for key in (
            f"user:{a.user_id}" if a.user_id else "",
            f"email:{a.email.strip().lower()}" if a.email.strip() else "",
        ):
            if key:
                if key in seen:
                    join(i, seen[key])
                seen.setdefault(key, i)
        named.setdefault(" ".join(a.name.lower().split()), []).append(i)
    for rows in named.values():
        for i in rows:
            for j in rows:
                if i < j and (not attendees[i].email.strip() or not attendees[j].email.strip()):
                    join(i, j)
    return [f"person:{root(i)}" for i in range(len(attendees))]


def belongs_to(a: Attendee, kind: str, partnership_id: int | None) -> bool:
    """Whether this participant belongs to the partner they say they represent."""
    if a.employed_by == kind:
        return True
    user = a.user if a.user_id is not None else None
    partner = getattr(user, "statutory_partner", None) if user is not None else None
    return (
        partner is not None
        and partner.kind == kind
        and (partnership_id is None or partner.partnership_id == partnership_id)
    )


def _match(candidates: dict[str, list[str]]) -> dict[str, str]:
    """The largest assignment of partners to distinct people (kind -> person key): a bipartite
    matching by augmenting paths, so a person entered under two partners never blocks another."""
    owner: dict[str, str] = {}  # person key -> kind

    def place(kind: str, seen: set[str]) -> bool:
        for person in candidates[kind]:
            if person in seen:
                continue
            seen.add(person)
            if person not in owner or place(owner[person], seen):
                owner[person] = kind
                return True
        return False

    for kind in candidates:
        place(kind, set())
    return {kind: person for person, kind in owner.items()}


def compute(attendees: list[Attendee], partnership_id: int | None = None) -> Quorum:
    candidates: dict[str, list[str]] = {kind.value: [] for kind in PartnerKind}
    rows: dict[tuple[str, str], Attendee] = {}
    not_counted: list[str] = []
    counted = [a for a in attendees if not a.observer and a.present and a.represents]
    for a, key in zip(counted, people(counted), strict=True):
        label = PartnerKind(a.represents).label
        if not belongs_to(a, a.represents, partnership_id):
            not_counted.append(
                f"{a.name} is recorded as representing the {label} but is not recorded as employed by it "
                "or as one of its users, so does not count"
            )
            continue
        if key not in candidates[a.represents]:
            candidates[a.represents].append(key)
            rows[(a.represents, key)] = a
    matched = _match(candidates)
    people_partners: dict[str, list[str]] = {}
    for kind, keys in candidates.items():
        for key in keys:
            people_partners.setdefault(key, []).append(kind)
    for key, kinds in people_partners.items():
        if len(kinds) > 1:
            name = rows[(kinds[0], key)].name
            labels = ", ".join(PartnerKind(k).label for k in kinds)
            not_counted.append(f"{name} is recorded for more than one partner ({labels}): one person counts once")
    covered: dict[str, list[str]] = {kind.value: [] for kind in PartnerKind}
    flags: list[str] = []
    authority: dict[str, bool] = {}
    for kind, key in matched.items():
        a = rows[(kind, key)]
        covered[kind].append(a.name)
        authority[kind] = a.delegated_authority
        if not a.delegated_authority:
            flags.append(f"{a.name} ({PartnerKind(kind).label}) has no delegated authority")
    missing = [PartnerKind(kind).label for kind, names in covered.items() if not names]
    return Quorum(
        quorate=not missing,
        covered=covered,
        missing=missing,
        without_authority=flags,
        not_counted=not_counted,
        authority=authority,
    )


def for_meeting(meeting: Meeting | None) -> Quorum:
    if meeting is None:
        return compute([])
    # attendees.all() so that a dashboard's prefetch is used; a linked user is loaded only when needed.
    return compute(list(meeting.attendees.all()), meeting.case.lead_partnership_id)
