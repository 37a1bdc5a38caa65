"""The demo world: DEMO-1 … DEMO-9 at their stages, and loading it twice creates nothing new."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from cspr.cases.models import Case, Stage
from cspr.rapidreview.models import Attendee, Ratification, Submission
from cspr.rapidreview.quorum import for_meeting

pytestmark = pytest.mark.django_db


def test_demo_cases_are_at_each_stage_and_seeding_is_idempotent(demo_world: None) -> None:
    counts = (Attendee.objects.count(), Ratification.objects.count(), Submission.objects.count())
    call_command("seed_demo")
    assert (Attendee.objects.count(), Ratification.objects.count(), Submission.objects.count()) == counts
    stages = dict(Case.objects.filter(reference__startswith="DEMO-").values_list("reference", "stage"))
    assert stages == {
        "DEMO-1": Stage.REFERRAL,
        "DEMO-2": Stage.SCOPING,
        "DEMO-3": Stage.MEETING,
        "DEMO-4": Stage.RATIFICATION,
        "DEMO-5": Stage.SUBMITTED,
        # The LCSPRs: commissioned at ratification; DEMO-7's terms of reference are agreed (lcspr demo).
        "DEMO-6": Stage.SUBMITTED,
        "DEMO-7": Stage.LCSPR,
        # DEMO-8 at report stage; DEMO-9 published about four months ago (publication demo): the headline
        # after publication is embedding the learning.
        "DEMO-8": Stage.LCSPR,
        "DEMO-9": Stage.EMBEDDING,
    }
    demo4 = Case.objects.get(reference="DEMO-4")
    assert for_meeting(demo4.rr_meeting).quorate
    assert demo4.rr_record.decision == ["b"]
    assert Ratification.objects.filter(case=demo4).count() == 1
    demo5 = Case.objects.get(reference="DEMO-5")
    assert Ratification.objects.filter(case=demo5).count() == 3
    # Each partner's own lead ratified (rule 37, C7): nobody on another's behalf.
    rows = demo5.ratifications.select_related("recorded_by__statutory_partner")
    assert {(r.partner, getattr(r.recorded_by.statutory_partner, "kind", None), r.on_behalf) for r in rows} == {
        ("la", "la", False),
        ("icb", "icb", False),
        ("police", "police", False),
    }
    assert len(demo5.rr_submission.attachments) == 2
    assert Case.objects.get(reference="DEMO-2").scoping_sent_date is not None
