"""The Rapid Review's section of the case page: where it stands and what is waiting on whom."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from cspr.cases.models import Case, Stage
from cspr.cases.sections import CaseSection
from cspr.organisations.models import PartnerKind
from cspr.rapidreview import actions, quorum
from cspr.rapidreview.models import Meeting, Ratification


def waiting_on(case: Case) -> list[tuple[str, str]]:
    """(who, what) for the case's current stage."""
    stage = Stage(case.stage)
    meeting = Meeting.objects.filter(case=case).first()
    items: list[tuple[str, str]] = []
    if stage is Stage.REFERRAL:
        missing = actions.family_composition_missing(case)
        if missing:
            items.append(("Business unit", missing))
        items.append(("Business unit", "Choose the agencies and send the scoping requests"))
    elif stage is Stage.SCOPING:
        items.append(("Agencies", "Return the scoping templates"))
        if meeting is None:
            items.append(("Business unit", "Set the Rapid Review meeting date"))
    elif stage is Stage.MEETING:
        q = quorum.for_meeting(meeting)
        if meeting is not None and meeting.date <= timezone.localdate() and not q.quorate:
            items.append(("Safeguarding partners", q.message))
        items.append(("CSPR group", "Hold the meeting and record the decision"))
    elif stage is Stage.RATIFICATION:
        items.extend(_ratification_waiting(case))
    elif stage is Stage.SUBMITTED:
        submission = getattr(case, "rr_submission", None)
        if submission is not None and not submission.panel_response:
            items.append(("National Panel", "Respond to the Rapid Review"))
    return items


def _ratification_waiting(case: Case) -> list[tuple[str, str]]:
    done = set(Ratification.objects.filter(case=case).values_list("partner", flat=True))
    items = [(kind.label, "Ratify the Rapid Review decision") for kind in PartnerKind if kind.value not in done]
    return items or [("Business unit", "Submit the Rapid Review to the National Panel")]


def rapid_review_section(request: HttpRequest, case: Case) -> CaseSection:
    return CaseSection(
        title="Rapid Review",
        template="rapidreview/section.html",
        context={"case": case, "waiting": waiting_on(case)},
        order=10,
    )
