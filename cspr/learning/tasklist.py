"""The LCSPR task list's "Learning and recommendations" section: learning points, recommendations
and their endorsement by the three safeguarding partners. Two queries whatever the case holds."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse

from cspr.cases.models import Case
from cspr.lcspr.tasklist import Task, TaskSection
from cspr.learning.models import LearningPoint, Recommendation
from cspr.organisations.models import PartnerKind
from cspr.ui.wording import plural


def section(request: HttpRequest, case: Case) -> TaskSection | None:
    if case.lcspr_commissioned_date is None:
        return None
    href = reverse("learning:index", kwargs={"reference": case.reference})
    points = LearningPoint.objects.filter(case=case).count()
    standing = Count("endorsements", filter=Q(endorsements__withdrawn_at__isnull=True))
    counts = list(Recommendation.objects.filter(case=case).annotate(n=standing).values_list("n", flat=True))
    recs = len(counts)
    endorsed = sum(1 for n in counts if n >= len(PartnerKind))
    started = sum(1 for n in counts if n)
    if recs == 0:
        endorse_status = "Cannot start yet"
    elif endorsed == recs:
        endorse_status = "Completed"
    else:
        endorse_status = "In progress" if started else "Not started"
    return TaskSection(
        title="Learning and recommendations",
        tasks=[
            Task(
                "Learning points",
                href,
                "In progress" if points else "Not started",
                f"{plural(points, 'learning point')} recorded",
            ),
            Task(
                "Recommendations",
                href,
                "In progress" if recs else ("Cannot start yet" if not points else "Not started"),
                f"{plural(recs, 'recommendation')}, each saying who acts, the change, its measure and by when",
            ),
            Task(
                "Endorsement by the three safeguarding partners",
                href if recs else None,
                endorse_status,
                f"{endorsed} of {plural(recs, 'recommendation')} endorsed by all three partners"
                if recs
                else "Add recommendations first",
            ),
        ],
        order=70,
    )
