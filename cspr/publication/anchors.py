"""The deadline engine's anchor source for publication: the day the pre-publication copies were sent,
which meets rule 68's deadline (``engine.Anchors.prepublication_copies_sent``). One query."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from cspr.publication.models import Copies

if TYPE_CHECKING:
    from cspr.deadlines.services import CaseIds


def copies_sent(case_ids: CaseIds) -> dict[int, dict[str, dt.date | None]]:
    rows = Copies.objects.filter(case_id__in=case_ids).values_list("case_id", "sent_on")
    return {case_id: {"prepublication_copies_sent": sent_on} for case_id, sent_on in rows}
