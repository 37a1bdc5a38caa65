"""The Rapid Review's section of the case page: where it stands and what is waiting on whom."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from cspr.accounts.roles import Role
from cspr.cases.models import Case, Stage
from cspr.cases.sections import CaseSection
from cspr.organisations.models import PartnerKind
from cspr.rapidreview import actions, quorum
from cspr.rapidreview.models import Meeting
from cspr.ui.dashboard import Panel


def waiting_on(case: Case) -> list[tuple[str, str]]:
    """(who, what) for the case's current stage."""
    stage = Stage(case.stage)
    meeting = _meeting(case)
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


def _meeting(case: Case) -> Meeting | None:
    # Through the reverse one-to-one so a dashboard's select_related/prefetch is used.
    try:
        return case.rr_meeting
    except Meeting.DoesNotExist:
        return None


def _ratification_waiting(case: Case) -> list[tuple[str, str]]:
    done = {r.partner for r in case.ratifications.all()}
    items = [(kind.label, "Ratify the Rapid Review decision") for kind in PartnerKind if kind.value not in done]
    return items or [("Business unit", "Submit the Rapid Review to the National Panel")]


def rapid_review_section(request: HttpRequest, case: Case) -> CaseSection:
    return CaseSection(
        title="Rapid Review",
        template="rapidreview/section.html",
        context={"case": case, "waiting": waiting_on(case)},
        order=10,
    )


RAPID_REVIEW_STAGES = [Stage.REFERRAL, Stage.SCOPING, Stage.MEETING, Stage.RATIFICATION, Stage.SUBMITTED]


def dashboard_panel(request: HttpRequest) -> Panel | None:
    """Rapid Reviews in progress in the user's reach, each with what it is waiting on."""
    from cspr.access import cases_for_user
    from cspr.accounts.models import User

    user = request.user
    if not isinstance(user, User):
        return None
    role = Role(user.role)
    if not (role.sees_all_partnership_cases or role.works_through_case_membership):
        return None
    cases = list(
        cases_for_user(user)
        .filter(stage__in=RAPID_REVIEW_STAGES)
        .select_related("rr_submission", "rr_meeting")
        .prefetch_related("rr_meeting__attendees", "ratifications", "people")
        .order_by("reference")[:20]
    )
    rows: list[tuple[Case, tuple[str, str] | None]] = []
    for case in cases:
        waiting = waiting_on(case)
        rows.append((case, waiting[0] if waiting else None))
    return Panel(
        title="Rapid Reviews",
        template="rapidreview/dashboard.html",
        context={"rows": rows, "can_open": role.edits_partnership_cases},
        order=20,
    )
