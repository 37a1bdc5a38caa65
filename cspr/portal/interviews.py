"""Staff interviews for an information report (rule 55; Document 15a, "Interviews").

The report's author gives the member of staff written notice before the interview, gives them a
summary afterwards (noting any disagreement about it), and debriefs the staff once the report is
finished. The interview record informs the report and is never submitted with it: it lives here,
on the agency's own pages only. No partnership page, document or email reads ``StaffInterview``
(``tests/portal/test_lcspr_kinds.py`` proves a record's words never leave).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from cspr.accounts.models import User
from cspr.audit import log as audit
from cspr.cases.transitions import case_action
from cspr.portal import states
from cspr.portal.models import InformationRequest, RequestType, StaffInterview


def interview_problems(
    *,
    notice_given_on: dt.date | None,
    interviewed_on: dt.date | None,
    summary_given_on: dt.date | None,
    debriefed_on: dt.date | None,
    today: dt.date,
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if notice_given_on is None:
        problems["notice_given_on"] = "Enter the date written notice of the interview was given"
    if interviewed_on is None:
        problems["interviewed_on"] = "Enter the date of the interview"
    if notice_given_on and interviewed_on and notice_given_on > interviewed_on:
        problems["notice_given_on"] = "Written notice must be given before the interview"
    for name, value, label in (
        ("notice_given_on", notice_given_on, "notice"),
        ("summary_given_on", summary_given_on, "summary"),
        ("debriefed_on", debriefed_on, "debrief"),
    ):
        if value and value > today and name not in problems:
            problems[name] = f"The date of the {label} must be today or in the past"
    if interviewed_on and summary_given_on and summary_given_on < interviewed_on:
        problems["summary_given_on"] = "The summary is given after the interview"
    if interviewed_on and debriefed_on and debriefed_on < interviewed_on:
        problems["debriefed_on"] = "The debrief is after the interview"
    return problems


def save_interview(
    request: InformationRequest,
    *,
    staff_role: str,
    notice_given_on: dt.date | None,
    interviewed_on: dt.date | None,
    summary_given_on: dt.date | None = None,
    disagreement: str = "",
    debriefed_on: dt.date | None = None,
    record: str = "",
    interview: StaffInterview | None = None,
    acting_user: User,
) -> StaffInterview:
    """Record (or update) one interview. The audit row says that an interview was recorded and its
    dates, never what was said."""
    if request.request_type != RequestType.INFORMATION_REPORT:
        raise ValidationError("Interviews are recorded for information reports")
    if not staff_role.strip():
        raise ValidationError({"staff_role": "Enter the role of the member of staff"})
    problems = interview_problems(
        notice_given_on=notice_given_on,
        interviewed_on=interviewed_on,
        summary_given_on=summary_given_on,
        debriefed_on=debriefed_on,
        today=timezone.localdate(),
    )
    if problems:
        raise ValidationError(problems)
    with case_action(request.case_id, "portal.record_interview", acting_user=acting_user):
        locked = InformationRequest.objects.select_for_update().get(pk=request.pk)
        if locked.state not in states.EDITABLE and interview is None:
            raise states.TransitionRefused("This request is no longer waiting for an answer.")
        found = interview or StaffInterview(request=locked, recorded_by=acting_user)
        if found.request_id != locked.pk:
            raise ValidationError("This interview belongs to another request")
        found.staff_role = staff_role.strip()[:200]
        found.notice_given_on = notice_given_on  # type: ignore[assignment]
        found.interviewed_on = interviewed_on  # type: ignore[assignment]
        found.summary_given_on = summary_given_on
        found.disagreement = disagreement.strip()
        found.debriefed_on = debriefed_on
        found.record = record.strip()
        found.save()
        audit.record(
            actor=acting_user,
            action="portal.interview_recorded",
            obj=found,
            case=locked.case,
            after={
                "notice_given_on": str(notice_given_on),
                "interviewed_on": str(interviewed_on),
                "summary_given_on": str(summary_given_on or ""),
                "disagreement_noted": bool(found.disagreement),
                "debriefed_on": str(debriefed_on or ""),
            },
            detail={"label": locked.agency.name},
        )
    return found
