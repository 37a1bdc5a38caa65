"""What other apps read about a case's learning (the report, the action plans, publication).

Each function runs a fixed number of queries whatever the number of rows (prefetched).
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from cspr.cases.models import Case
from cspr.learning.models import Endorsement, LearningPoint, Recommendation, Scope
from cspr.organisations.models import PartnerKind

STANDING = Q(endorsements__withdrawn_at__isnull=True)


def learning_points(case: Case) -> QuerySet[LearningPoint]:
    return LearningPoint.objects.filter(case=case).prefetch_related("themes").order_by("number")


def recommendations(case: Case) -> QuerySet[Recommendation]:
    """Every recommendation of the case with its links and standing endorsements (prefetched)."""
    return (
        Recommendation.objects.filter(case=case)
        .annotate(endorsed_by=Count("endorsements", filter=STANDING))
        .prefetch_related(
            "themes",
            "learning_points",
            Prefetch(
                "endorsements",
                queryset=Endorsement.objects.filter(withdrawn_at__isnull=True).select_related("recorded_by"),
                to_attr="standing",
            ),
        )
        .order_by("number")
    )


def endorsed_recommendations(case: Case) -> QuerySet[Recommendation]:
    """The recommendations each of the three safeguarding partners has endorsed (§9.2.6): the only
    ones that may enter the report and the action plan."""
    return recommendations(case).filter(**{"endorsed_by": len(PartnerKind)})


def national_recommendations(case: Case) -> QuerySet[Recommendation]:
    """Recommendations addressed nationally or with implications for national policy (§10.2.2: the
    National Panel is contacted before publication)."""
    return recommendations(case).filter(Q(scope=Scope.NATIONAL) | Q(national_policy=True))


def awaiting(rec: Recommendation) -> list[str]:
    """The partners (labels) still to endorse, from the prefetched ``standing`` endorsements."""
    done = {e.partner for e in getattr(rec, "standing", [])}
    return [kind.label for kind in PartnerKind if kind.value not in done]
