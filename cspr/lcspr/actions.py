"""Named, audited actions of LCSPR commissioning: terms of reference (rules 45–46) and appointments
(rules 44, 50). Each runs inside ``case_action``: the case row locked, the registered rule checked on it.

Hard rules here, not in forms: the terms of reference are agreed only with every field rule 45
requires; an agreed version is never edited (a significant change is a new version with its reason,
agreed again); one active lead reviewer, from outside the partnership; an appointment's reach to the
case (its ``CaseMembership``) lives exactly as long as the appointment.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from cspr.accounts.roles import Role
from cspr.cases.concurrency import lock_and_check, snapshot
from cspr.cases.models import Case, CaseMembership, MembershipRole
from cspr.cases.transitions import ActionContext, all_of, case_action, not_closed, reached, register_action
from cspr.lcspr import terms
from cspr.lcspr.models import Appointment, AppointmentRole, ReviewerInvitation, TermsStatus, TermsVersion
from cspr.outbox import api as outbox
from cspr.outbox.kinds import MailKind

if TYPE_CHECKING:
    from cspr.accounts.models import User

_COMMISSIONED = all_of(reached("lcspr_commissioned_date"), not_closed)
register_action("lcspr.save_terms", allowed=_COMMISSIONED)
register_action("lcspr.agree_terms", allowed=_COMMISSIONED)
register_action("lcspr.propose_change", allowed=all_of(_COMMISSIONED, reached("terms_of_reference_agreed_date")))
register_action("lcspr.appoint", allowed=_COMMISSIONED)
register_action("lcspr.update_appointment", allowed=_COMMISSIONED)
register_action("lcspr.end_appointment", allowed=_COMMISSIONED)
register_action("lcspr.accept_invitation", allowed=_COMMISSIONED)
register_action("lcspr.resend_invitation", allowed=_COMMISSIONED)

# Appointment fields a form may set (``appoint``) or change (``update_appointment``).
APPOINT_FIELDS = [
    "name",
    "email",
    "job_title",
    "organisation",
    "role",
    "represents",
    "expertise",
    "liaison_duties",
    "responsibilities",
    "conflict",
    "conflict_details",
    "confidentiality_signed_on",
    "started",
]
UPDATE_FIELDS = [
    "job_title",
    "organisation",
    "represents",
    "expertise",
    "liaison_duties",
    "responsibilities",
    "conflict",
    "conflict_details",
    "confidentiality_signed_on",
]


# -- terms of reference ------------------------------------------------------------------------------


def save_terms(case: Case, *, expected_version: int | None, values: dict[str, Any], acting_user: User) -> TermsVersion:
    """Save the draft version; the first save creates version 1 (prefilled from the Rapid Review)."""
    with case_action(case, "lcspr.save_terms", acting_user=acting_user) as ctx:
        latest = TermsVersion.objects.filter(case=ctx.case).order_by("-number").first()
        if latest is None:
            latest = TermsVersion.objects.create(
                case=ctx.case, number=1, created_by=acting_user, **terms.prefill(ctx.case)
            )
            expected_version = None
        if latest.status != TermsStatus.DRAFT:
            raise ValidationError(
                "This version of the terms of reference has been agreed and cannot be changed. "
                "Record a significant change to start a new version."
            )
        locked: TermsVersion = lock_and_check(TermsVersion, latest.pk, expected_version)
        fields = [f for f in terms.EDITABLE if f in values]
        before = snapshot(locked, fields)
        for name in fields:
            setattr(locked, name, values[name])
        locked.version += 1
        locked.save()
        ctx.audit(obj=locked, before=before, after=snapshot(locked, fields) | {"version": locked.version})
    return locked


def agree_terms(
    case: Case, *, expected_version: int | None, agreed_on: dt.date, agreed_by: str, acting_user: User
) -> TermsVersion:
    """The CSPR group formally agrees the draft (rule 45); refused while a required field is missing."""
    if not agreed_by.strip():
        raise ValidationError({"agreed_by": "Enter the CSPR group meeting and who agreed the terms of reference"})
    with case_action(case, "lcspr.agree_terms", acting_user=acting_user) as ctx:
        latest = TermsVersion.objects.filter(case=ctx.case).order_by("-number").first()
        if latest is None or latest.status != TermsStatus.DRAFT:
            raise ValidationError("There is no draft of the terms of reference to agree")
        locked: TermsVersion = lock_and_check(TermsVersion, latest.pk, expected_version)
        team = terms.active_team(ctx.case)
        missing = terms.missing(locked, team)
        if missing:
            # One message per missing part, so the error summary lists each (rule 45).
            raise ValidationError([f"Before agreeing, complete {item}" for item in missing])
        if agreed_on > timezone.localdate():
            raise ValidationError({"agreed_on": "The date the terms of reference were agreed must be today or earlier"})
        if ctx.case.lcspr_commissioned_date and agreed_on < ctx.case.lcspr_commissioned_date:
            raise ValidationError(
                {"agreed_on": "The terms of reference cannot be agreed before the LCSPR was commissioned"}
            )
        locked.status = TermsStatus.AGREED
        locked.agreed_on, locked.agreed_by, locked.agreed_recorded_by = agreed_on, agreed_by.strip(), acting_user
        locked.team_at_agreement = [terms.team_row(a) for a in team]
        locked.version += 1
        locked.save()
        if ctx.case.terms_of_reference_agreed_date is None:
            # The milestone is the first agreement; later re-approvals are kept on their versions.
            ctx.reach_milestone("terms_of_reference_agreed_date", agreed_on)
        else:
            ctx.touch()
        ctx.audit(
            obj=locked,
            after={"number": locked.number, "agreed_on": agreed_on.isoformat(), "agreed_by": locked.agreed_by},
        )
    return locked


def propose_change(case: Case, *, reason: str, acting_user: User) -> TermsVersion:
    """A significant change to the scope or the KLOEs: a new draft version needing re-approval (rule 46)."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for the change to the terms of reference"})
    with case_action(case, "lcspr.propose_change", acting_user=acting_user) as ctx:
        latest = TermsVersion.objects.select_for_update().filter(case=ctx.case).order_by("-number").first()
        if latest is None or latest.status != TermsStatus.AGREED:
            raise ValidationError("A change is already being drafted: agree or edit that version first")
        copied = {name: getattr(latest, name) for name in terms.EDITABLE}
        new = TermsVersion.objects.create(
            case=ctx.case,
            number=latest.number + 1,
            change_reason=reason.strip(),
            created_by=acting_user,
            **copied,
        )
        ctx.touch()
        ctx.audit(obj=new, after={"number": new.number, "change_reason": new.change_reason})
    return new


# -- appointments ------------------------------------------------------------------------------------


def _membership_role(role: str) -> str:
    return MembershipRole.LEAD_REVIEWER if role == AppointmentRole.LEAD_REVIEWER else MembershipRole.REVIEW_TEAM_MEMBER


def _check_appointee(case: Case, user: User | None, role: str) -> None:
    """Who may be appointed: the lead partnership's own people to the team, reviewers' accounts to any role."""
    if user is None:
        return
    account_role = Role(user.role)
    if account_role.works_through_case_membership:
        return
    if account_role.sees_all_partnership_cases and user.partnership_id == case.lead_partnership_id:
        if role == AppointmentRole.LEAD_REVIEWER:
            raise ValidationError(
                {"email": "The lead reviewer is independent: appoint someone from outside the partnership"}
            )
        return
    raise ValidationError({"email": "This person's account cannot be given a place on this review"})


def appoint(case: Case, *, values: dict[str, Any], acting_user: User) -> Appointment:
    """Appoint someone to the review. An existing account gets reach at once; anyone else is invited
    by email (the account is created from the link, with MFA). A lead reviewer's name goes to the
    Panel, Ofsted and DfE (rule 44)."""
    from cspr.accounts.models import User as UserModel

    email = str(values.get("email") or "").strip().lower()
    role = str(values.get("role") or "")
    if role not in AppointmentRole.values:
        raise ValidationError({"role": "Select the role on the review"})
    if "@" not in email:
        raise ValidationError({"email": "Enter the email address"})
    with case_action(case, "lcspr.appoint", acting_user=acting_user) as ctx:
        user = UserModel.objects.filter(email__iexact=email).first()
        _check_appointee(ctx.case, user, role)
        active = Appointment.objects.select_for_update().filter(case=ctx.case, ended__isnull=True)
        if role == AppointmentRole.LEAD_REVIEWER and active.filter(role=AppointmentRole.LEAD_REVIEWER).exists():
            raise ValidationError({"role": "This review already has a lead reviewer: end that appointment first"})
        if active.filter(email__iexact=email).exists():
            raise ValidationError({"email": "This person already holds an appointment to this review"})
        fields = {name: values[name] for name in APPOINT_FIELDS if name in values}
        fields["email"] = email
        if user is not None:
            fields["name"] = fields.get("name") or user.full_name
        if not str(fields.get("name") or "").strip():
            # Someone invited has no account to take a name from; the Panel's notice needs one (rule 44).
            raise ValidationError({"name": "Enter the full name"})
        appointment = Appointment.objects.create(case=ctx.case, user=user, created_by=acting_user, **fields)
        if user is not None:
            CaseMembership.objects.update_or_create(case=ctx.case, user=user, defaults={"role": _membership_role(role)})
        else:
            from cspr.lcspr import invitations

            invitations.invite(ctx.case, appointment, acting_user=acting_user)
        if role == AppointmentRole.LEAD_REVIEWER:
            _notify_panel_of_reviewer(ctx, appointment)
        ctx.touch()
        ctx.audit(obj=appointment, after=snapshot(appointment, APPOINT_FIELDS) | {"user": appointment.user_id})
    return appointment


def _notify_panel_of_reviewer(ctx: ActionContext, appointment: Appointment) -> None:
    """Rule 44 (§6.1.2): the reviewer's name and the commissioning decision to the National Panel, Ofsted
    (SCR.SIN) and DfE (CPOD). The reviewer's name is the point of the email; nothing about the child."""
    case = ctx.case
    partnership = case.lead_partnership
    record = getattr(case, "rr_record", None)
    decision = "; ".join(record.decision_labels()) if record is not None else ""
    commissioned = case.lcspr_commissioned_date
    today = timezone.localdate()
    outbox.enqueue(
        kind=MailKind.REVIEWER_NOTICE,
        key=f"lcspr.reviewer_notice:{appointment.pk}",
        case=case,
        to=[
            partnership.panel_mailbox or settings.PANEL_MAILBOX,
            partnership.ofsted_mailbox or settings.OFSTED_MAILBOX,
            partnership.dfe_mailbox or settings.DFE_MAILBOX,
        ],
        subject=f"Lead reviewer commissioned: LCSPR {case.reference}",
        body=(
            f"{partnership.name} has commissioned a Local Child Safeguarding Practice Review for case "
            f"{case.reference}"
            + (f" (decision ratified on {commissioned:%-d %B %Y})" if commissioned else "")
            + ".\n"
            + (f"Decision: {decision}\n" if decision else "")
            + f"Lead reviewer: {appointment.name}, {appointment.organisation}\n"
            + f"Appointed on {appointment.started:%-d %B %Y}.\n"
        ),
    )
    appointment.panel_notified_on = today
    appointment.save(update_fields=["panel_notified_on"])
    ctx.audit(
        obj=appointment,
        action="lcspr.reviewer_notice",
        after={"panel_notified_on": today.isoformat(), "reviewer": appointment.name},
    )


def update_appointment(
    appointment: Appointment, *, expected_version: int | None, values: dict[str, Any], acting_user: User
) -> Appointment:
    with case_action(appointment.case_id, "lcspr.update_appointment", acting_user=acting_user) as ctx:
        locked: Appointment = lock_and_check(Appointment, appointment.pk, expected_version)
        if locked.ended is not None:
            raise ValidationError("This appointment has ended and cannot be changed")
        fields = [f for f in UPDATE_FIELDS if f in values]
        before = snapshot(locked, fields)
        for name in fields:
            setattr(locked, name, values[name])
        locked.version += 1
        locked.save()
        ctx.touch()
        ctx.audit(obj=locked, before=before, after=snapshot(locked, fields) | {"version": locked.version})
    return locked


def end_appointment(appointment: Appointment, *, ended: dt.date, reason: str, acting_user: User) -> Appointment:
    """End an appointment: the person loses reach to the case at once; the record stays."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason the appointment ended"})
    with case_action(appointment.case_id, "lcspr.end_appointment", acting_user=acting_user) as ctx:
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if locked.ended is not None:
            raise ValidationError("This appointment has already ended")
        if ended < locked.started:
            raise ValidationError({"ended": "The appointment cannot end before it started"})
        if ended > timezone.localdate():
            raise ValidationError({"ended": "The date the appointment ended must be today or earlier"})
        locked.ended, locked.end_reason = ended, reason.strip()
        locked.version += 1
        locked.save()
        if locked.user_id is not None:
            CaseMembership.objects.filter(case_id=locked.case_id, user_id=locked.user_id).delete()
        ReviewerInvitation.objects.filter(appointment=locked, used_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        ctx.touch()
        ctx.audit(obj=locked, after={"ended": ended.isoformat(), "end_reason": locked.end_reason})
    return locked


def resend_invitation(appointment: Appointment, *, acting_user: User) -> ReviewerInvitation:
    """A new link for an invited person who has not set up their account (the old link stops working).
    The appointment, and any notice to the Panel, stay as they were."""
    from cspr.lcspr import invitations

    with case_action(appointment.case_id, "lcspr.resend_invitation", acting_user=acting_user) as ctx:
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if locked.ended is not None or locked.user_id is not None:
            raise ValidationError(
                "Only a current appointment still waiting for its account can be sent a new invitation"
            )
        invitation = invitations.invite(ctx.case, locked, acting_user=acting_user)
        ctx.touch()
        ctx.audit(obj=locked, after={"invitation": invitation.pk, "expires_at": invitation.expires_at.isoformat()})
    return invitation


def accept_invitation(invitation: ReviewerInvitation, *, password: str) -> User:
    """The invited person sets a password: their account (a reviewer's role, no partnership) is
    created and given reach to this one case. MFA set-up follows at first sign-in (the view)."""
    from cspr.accounts.models import User as UserModel

    appointment = invitation.appointment
    with case_action(appointment.case_id, "lcspr.accept_invitation", acting_user=None) as ctx:
        locked = ReviewerInvitation.objects.select_for_update().select_related("appointment").get(pk=invitation.pk)
        if not locked.usable or locked.appointment.ended is not None:
            raise ValidationError("This invitation link has expired or has already been used")
        if UserModel.objects.filter(email__iexact=locked.email).exists():
            raise ValidationError("This email address already has an account")
        appt = locked.appointment
        account_role = Role.LEAD_REVIEWER if appt.role == AppointmentRole.LEAD_REVIEWER else Role.REVIEW_TEAM_MEMBER
        user = UserModel.objects.create_user(
            locked.email, password, full_name=appt.name, job_title=appt.job_title, role=account_role
        )
        locked.used_at = timezone.now()
        locked.save(update_fields=["used_at"])
        appt.user = user
        appt.save(update_fields=["user"])
        CaseMembership.objects.update_or_create(
            case=ctx.case, user=user, defaults={"role": _membership_role(appt.role)}
        )
        ctx.acting_user = user
        ctx.touch()
        ctx.audit(obj=appt, after={"user": user.pk, "invitation": locked.pk})
    return user
