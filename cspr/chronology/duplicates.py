"""Likely duplicates across agencies: two agencies recording the same event (a strategy discussion,
a hospital attendance) with similar dates and similar words. Flagged for a person to merge, never
merged automatically.

Similarity is ``difflib.SequenceMatcher`` over normalised words (standard library, no new
dependency); entries are bucketed by day so a 2,000-entry chronology compares only neighbours.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

DATE_WINDOW_DAYS = 2
TEXT_THRESHOLD = 0.6
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Candidate:
    """What the check needs of an entry (a saved one, or a row waiting in an import preview)."""

    key: object
    agency_id: int
    date_from: dt.date
    date_to: dt.date
    text: str


def normalise(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def similarity(a: str, b: str) -> float:
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return 0.0
    return SequenceMatcher(None, na, nb, autojunk=False).ratio()


def _close_dates(a: Candidate, b: Candidate) -> bool:
    window = dt.timedelta(days=DATE_WINDOW_DAYS)
    return a.date_from - window <= b.date_to and b.date_from - window <= a.date_to


def find(new: Sequence[Candidate], existing: Iterable[Candidate]) -> dict[object, Candidate]:
    """For each new candidate, the most similar existing candidate from ANOTHER agency, if any."""
    by_day: dict[int, list[Candidate]] = defaultdict(list)
    for c in existing:
        # Broad dates (a year) are not indexed day by day: they are too vague to call duplicates.
        if (c.date_to - c.date_from).days <= 31:
            for ordinal in range(c.date_from.toordinal(), c.date_to.toordinal() + 1):
                by_day[ordinal].append(c)
    found: dict[object, Candidate] = {}
    for cand in new:
        if (cand.date_to - cand.date_from).days > 31:
            continue
        best: tuple[float, Candidate] | None = None
        seen: set[int] = set()
        start = cand.date_from.toordinal() - DATE_WINDOW_DAYS
        for ordinal in range(start, cand.date_to.toordinal() + DATE_WINDOW_DAYS + 1):
            for other in by_day.get(ordinal, ()):
                if id(other) in seen or other.agency_id == cand.agency_id or other.key == cand.key:
                    continue
                seen.add(id(other))
                if not _close_dates(cand, other):
                    continue
                score = similarity(cand.text, other.text)
                if score >= TEXT_THRESHOLD and (best is None or score > best[0]):
                    best = (score, other)
        if best is not None:
            found[cand.key] = best[1]
    return found
