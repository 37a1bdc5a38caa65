"""Quorum (rules.md C8): at least one present participant for each of the lead partnership's three
statutory partners; one person counts for one partner only; flag representatives without delegated
authority. Computed from the attendance rows every time it is shown or checked.
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

    @property
    def message(self) -> str:
        if self.quorate:
            return "The meeting is quorate: the local authority, the ICB and the police are each represented."
        return "The meeting is not quorate. Not represented: " + ", ".join(self.missing) + "."


def compute(attendees: list[Attendee]) -> Quorum:
    covered: dict[str, list[str]] = {kind.value: [] for kind in PartnerKind}
    flags: list[str] = []
    for a in attendees:
        if a.observer or not a.present or not a.represents:
            continue
        covered[a.represents].append(a.name)
        if not a.delegated_authority:
            flags.append(f"{a.name} ({PartnerKind(a.represents).label}) has no delegated authority")
    missing = [PartnerKind(kind).label for kind, names in covered.items() if not names]
    return Quorum(quorate=not missing, covered=covered, missing=missing, without_authority=flags)


def for_meeting(meeting: Meeting | None) -> Quorum:
    if meeting is None:
        return compute([])
    return compute(list(meeting.attendees.all()))
