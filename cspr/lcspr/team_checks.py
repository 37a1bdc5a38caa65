"""Rule 50 (§6.2): for complex reviews the team has a member from each safeguarding partner."""

from __future__ import annotations

from collections.abc import Iterable

from cspr.lcspr.models import Appointment
from cspr.organisations.models import PartnerKind


def partner_gaps(active: Iterable[Appointment]) -> list[str]:
    """The safeguarding partners no active appointment represents, in the toolkit's order."""
    represented = {a.represents for a in active if a.represents}
    return [str(kind.label) for kind in PartnerKind if kind.value not in represented]
