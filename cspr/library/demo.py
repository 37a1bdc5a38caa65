"""The demo partnership's own theme and library entry, national reviews referred to by DEMO-7, DEMO-8
and DEMO-9 (DEMO-8's and DEMO-9's recorded as considered by the CSPR group), and a thematic review
linking DEMO-7 and DEMO-8. Recorded through the actions. Idempotent.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cspr.accounts.demo import demo_email
from cspr.accounts.models import User
from cspr.cases.models import Case
from cspr.library import actions, reference_data
from cspr.library.models import LibraryReference, NationalReview, ThematicReview, Theme

THEME = ("Demo: transitions to adulthood", "A demo partnership's own theme: young people moving to adult services.")
OWN_REVIEW = ("Demo regional thematic review of neglect (fictional)", 2024)
THEMATIC = (
    "Demo thematic review: men unseen by agencies",
    "DEMO-7 and DEMO-8 share a household pattern: a man living in the home unknown to the agencies "
    "involved. Reviewing them together (§1.4.6) lets the learning on professional curiosity be drawn once "
    "(demo).",
)
REFERENCES = [
    ("DEMO-7", "It was hard to escape", "Possible exploitation of an older sibling (demo).", None),
    (
        "DEMO-8",
        "Child Protection in England",
        "The review's findings on information sharing and multi-agency working (demo).",
        "The local learning adds to the national review's findings on hearing the child's daily life (demo).",
    ),
    (
        "DEMO-9",
        "Out of Routine",
        "An infant death in a family known to children's social care (demo).",
        "The national recommendations on safer sleep are already in the partnership's plan; the LCSPR "
        "adds local learning on moves between areas (demo).",
    ),
]


def seed() -> None:
    reference_data.ensure()  # the migrations wrote it; a flushed or restored database may lack it
    manager = User.objects.filter(email=demo_email("manager")).select_related("partnership").first()
    if manager is None or manager.partnership is None:
        return
    partnership = manager.partnership
    if not Theme.objects.filter(partnership=partnership, name=THEME[0]).exists():
        actions.add_theme(partnership, name=THEME[0], description=THEME[1], acting_user=manager)
    if not NationalReview.objects.filter(partnership=partnership, title=OWN_REVIEW[0]).exists():
        actions.add_national_review(
            partnership,
            title=OWN_REVIEW[0],
            year=OWN_REVIEW[1],
            key_findings="A fictional library entry the partnership maintains itself (demo).",
            publisher="Demo Safeguarding Partnership",
            acting_user=manager,
        )
    cases = {c.reference: c for c in Case.objects.filter(reference__in=["DEMO-7", "DEMO-8", "DEMO-9"])}
    for reference, title, relevance, conclusion in REFERENCES:
        case = cases.get(reference)
        review = NationalReview.objects.filter(partnership__isnull=True, title__startswith=title).first()
        if case is None or review is None or LibraryReference.objects.filter(case=case, review=review).exists():
            continue
        ref = actions.reference_review(case, review=review, relevance=relevance, acting_user=manager)
        if conclusion:
            considered = min((case.lcspr_commissioned_date or timezone.localdate()) + dt.timedelta(days=60),
                             timezone.localdate())  # fmt: skip
            actions.record_considered(
                ref, considered_on=considered, considered_by="CSPR group (demo)", conclusion=conclusion,
                acting_user=manager,
            )  # fmt: skip
    first, second = cases.get("DEMO-7"), cases.get("DEMO-8")
    if first is None or second is None or ThematicReview.objects.filter(title=THEMATIC[0]).exists():
        return
    thematic = actions.link_thematic_review(
        first, thematic=None, title=THEMATIC[0], rationale=THEMATIC[1], acting_user=manager
    )
    actions.link_thematic_review(second, thematic=thematic, acting_user=manager)
