"""Named, audited actions of regulation 14 oversight (rules 47-48, C10).

Allowed once the ratified decision has commissioned an LCSPR and until the final report is approved
(then the clock has stopped). None of them touches a milestone: the statutory date never moves.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from cspr.access import require_lead_partnership
from cspr.cases.models import Case
from cspr.cases.transitions import all_of, case_action, not_reached, reached, register_action
from cspr.oversight import clock
from cspr.oversight.models import ClockPause, PanelDiscussion, PauseReason, ProgressCheck, Quality, Timeliness

if TYPE_CHECKING:
    from cspr.accounts.models import User

_OPEN_LCSPR = all_of(reached("lcspr_commissioned_date"), not_reached("report_approved_date"))
_REFUSAL = "This can be recorded only while an LCSPR is in progress (commissioned, final report not yet approved)."
register_action("oversight.record_check", allowed=_OPEN_LCSPR, refusal=_REFUSAL)
register_action("oversight.record_pause", allowed=_OPEN_LCSPR, refusal=_REFUSAL)
register_action("oversight.end_pause", allowed=_OPEN_LCSPR, refusal=_REFUSAL)
register_action("oversight.record_panel_discussion", allowed=_OPEN_LCSPR, refusal=_REFUSAL)


def _not_before_decision(case: Case, day: dt.date, field: str, what: str) -> None:
    decided = clock.decided_on(case)
    if decided is not None and day < decided:
        raise ValidationError({field: f"{what} must be on or after the decision, {decided:%-d %B %Y}"})


def _choice(choices: type[models.TextChoices], value: str, field: str) -> None:
    # A forged POST (or a caller's typo) is refused before anything is written.
    if value not in choices.values:
        raise ValidationError({field: "Select one of the options"})


def _not_future(day: dt.date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"{what} must be today or in the past"})


def record_check(
    case: Case,
    *,
    checked_on: dt.date,
    checked_by: str,
    timeliness: str,
    time_taken: str,
    quality: str,
    quality_notes: str,
    conclusion: str,
    forecast_completion: dt.date,
    written_request: str = "",
    acting_user: User,
) -> ProgressCheck:
    """Record a monthly progress check: time taken so far, quality, conclusion and the forecast."""
    require_lead_partnership(acting_user, case)
    _choice(Timeliness, timeliness, "timeliness")
    _choice(Quality, quality, "quality")
    if forecast_completion < checked_on:
        raise ValidationError({"forecast_completion": "The forecast completion date must be on or after the check"})
    _not_future(checked_on, "checked_on", "The date of the check")
    with case_action(case, "oversight.record_check", acting_user=acting_user) as ctx:
        _not_before_decision(ctx.case, checked_on, "checked_on", "The date of the check")
        check = ProgressCheck.objects.create(
            case=ctx.case,
            checked_on=checked_on,
            checked_by=checked_by,
            timeliness=timeliness,
            time_taken=time_taken,
            quality=quality,
            quality_notes=quality_notes,
            conclusion=conclusion,
            forecast_completion=forecast_completion,
            written_request=written_request,
            recorded_by=acting_user,
        )
        ctx.audit(
            obj=check,
            after={
                "checked_on": checked_on.isoformat(),
                "timeliness": timeliness,
                "quality": quality,
                "forecast_completion": forecast_completion.isoformat(),
                "written_request": bool(written_request.strip()),
            },
        )
    return check


def record_pause(
    case: Case,
    *,
    reason_kind: str,
    reason: str,
    agreed_by: str,
    started_on: dt.date,
    expected_end: dt.date | None = None,
    ended_on: dt.date | None = None,
    acting_user: User,
) -> ClockPause:
    """Record a pause in the review's work: who agreed and why. The statutory date does not move."""
    require_lead_partnership(acting_user, case)
    _choice(PauseReason, reason_kind, "reason_kind")
    if expected_end is not None and expected_end < started_on:
        raise ValidationError({"expected_end": "The expected end must be on or after the start"})
    if ended_on is not None:
        if ended_on < started_on:
            raise ValidationError({"ended_on": "The end of the pause must be on or after its start"})
        _not_future(ended_on, "ended_on", "The end of the pause")
    with case_action(case, "oversight.record_pause", acting_user=acting_user) as ctx:
        _not_before_decision(ctx.case, started_on, "started_on", "The start of the pause")
        pause = ClockPause.objects.create(
            case=ctx.case,
            reason_kind=reason_kind,
            reason=reason,
            agreed_by=agreed_by,
            started_on=started_on,
            expected_end=expected_end,
            ended_on=ended_on,
            recorded_by=acting_user,
        )
        ctx.audit(
            obj=pause,
            after={
                "reason_kind": reason_kind,
                "started_on": started_on.isoformat(),
                "ended_on": ended_on.isoformat() if ended_on else None,
            },
        )
    return pause


def end_pause(pause: ClockPause, *, ended_on: dt.date, acting_user: User) -> ClockPause:
    require_lead_partnership(acting_user, pause.case)
    _not_future(ended_on, "ended_on", "The end of the pause")
    with case_action(pause.case, "oversight.end_pause", acting_user=acting_user) as ctx:
        locked = ClockPause.objects.select_for_update().get(pk=pause.pk, case=ctx.case)
        if locked.ended_on is not None:
            raise ValidationError("This pause has already ended")
        if ended_on < locked.started_on:
            raise ValidationError({"ended_on": "The end of the pause must be on or after its start"})
        locked.ended_on = ended_on
        locked.save(update_fields=["ended_on"])
        ctx.audit(obj=locked, before={"ended_on": None}, after={"ended_on": ended_on.isoformat()})
    return locked


def record_panel_discussion(
    case: Case, *, discussed_on: dt.date, who: str, outcome: str, forecast_discussed: dt.date, acting_user: User
) -> PanelDiscussion:
    """Record the discussion with the National Panel a forecast past the six months calls for (rule 48)."""
    require_lead_partnership(acting_user, case)
    _not_future(discussed_on, "discussed_on", "The date of the discussion")
    with case_action(case, "oversight.record_panel_discussion", acting_user=acting_user) as ctx:
        _not_before_decision(ctx.case, discussed_on, "discussed_on", "The date of the discussion")
        discussion = PanelDiscussion.objects.create(
            case=ctx.case,
            discussed_on=discussed_on,
            who=who,
            outcome=outcome,
            forecast_discussed=forecast_discussed,
            recorded_by=acting_user,
        )
        ctx.audit(
            obj=discussion,
            after={"discussed_on": discussed_on.isoformat(), "forecast_discussed": forecast_discussed.isoformat()},
        )
    return discussion
