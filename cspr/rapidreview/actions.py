"""Named, audited actions of the Rapid Review. Each takes ``*, acting_user`` and runs inside
``cspr.cases.transitions.case_action``: the case row locked, the rule registered below checked on the
locked row, milestones reached through the context (the headline stage follows from them).

Hard rules live here, not in forms: no decision at an inquorate meeting (C7/C8), no submission before
all three partners ratify (C7). Scoping requests are sent by one action, the portal's
``send_scoping_requests`` (rule 21, C5), from this app's page and the portal's alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cspr.access import require_lead_partnership
from cspr.accounts.roles import Role
from cspr.audit import log as audit
from cspr.cases.concurrency import lock_and_check, save_versioned, snapshot
from cspr.cases.models import Case, PersonRole
from cspr.cases.transitions import (
    ActionRefused,
    all_of,
    case_action,
    is_allowed,
    not_reached,
    reached,
    refusal_message,
    register_action,
)
from cspr.organisations.models import PartnerKind
from cspr.outbox import api as outbox
from cspr.outbox.kinds import MailKind
from cspr.rapidreview import completeness, pack, quorum, ratification
from cspr.rapidreview.clock import meeting_warning
from cspr.rapidreview.models import (
    Absence,
    Attendee,
    DecisionOption,
    Endorsement,
    Meeting,
    RapidReviewRecord,
    Ratification,
    Submission,
    SubmissionMethod,
)

if TYPE_CHECKING:
    from cspr.accounts.models import User

# When each action is allowed, over the locked case's milestones.
_BEFORE_DECISION = not_reached("decision_date")
register_action("rapidreview.set_meeting", allowed=_BEFORE_DECISION)
register_action("rapidreview.send_invitations", allowed=_BEFORE_DECISION)
register_action("rapidreview.save_attendee", allowed=_BEFORE_DECISION)
register_action("rapidreview.save_absence", allowed=all_of(reached("meeting_date"), _BEFORE_DECISION))
register_action("rapidreview.save_record", allowed=_BEFORE_DECISION)
register_action("rapidreview.record_decision", allowed=all_of(reached("meeting_date"), _BEFORE_DECISION))
register_action("rapidreview.ratify", allowed=all_of(reached("decision_date"), not_reached("submitted_date")))
register_action("rapidreview.endorse", allowed=reached("decision_date"))
register_action("rapidreview.submit", allowed=all_of(reached("decision_date"), not_reached("submitted_date")))
register_action("rapidreview.record_panel_response", allowed=reached("submitted_date"))

RECORD_FIELDS = [
    f.name
    for f in RapidReviewRecord._meta.get_fields()
    if getattr(f, "concrete", False)
    and f.name
    not in {"id", "case", "version", "decision", "other_review", "kloes", "reasons", "decided_at", "decided_by"}
]


def family_composition_missing(case: Case) -> str:
    """Rule 21: Document 2 section 1 is filled in before sending (a subject child and a family member).

    For the page's warning; the send action itself checks with the portal's ``family_composition_problems``."""
    roles = {person.role for person in case.people.all()}  # uses a prefetch where one was made
    if PersonRole.SUBJECT_CHILD not in roles:
        return "Add the subject child before sending scoping requests"
    # The same rule as the portal's send_scoping_requests, so a send never passes here and fails there.
    if PersonRole.FAMILY_MEMBER not in roles:
        return "Add at least one family member before sending scoping requests"
    return ""


def set_meeting(case: Case, *, date: dt.date, time: str, location: str, acting_user: User) -> tuple[Meeting, str]:
    """Set (or move) the meeting date; returns the meeting and a window warning (never a block)."""
    with case_action(case, "rapidreview.set_meeting", acting_user=acting_user) as ctx:
        locked = ctx.case
        if locked.scoping_sent_date and date < locked.scoping_sent_date:
            raise ValidationError(
                {"date": "The meeting date must be on or after the date the scoping requests were sent"}
            )
        meeting, created = Meeting.objects.get_or_create(case=locked, defaults={"date": date})
        before = {"date": None if created else meeting.date.isoformat(), "stage": locked.stage}
        meeting.date, meeting.time, meeting.location = date, time, location
        meeting.version += 0 if created else 1
        meeting.save()
        ctx.set(meeting_date=date)
        warning = meeting_warning(locked, date)
        ctx.audit(
            obj=meeting,
            before=before,
            after={"date": date.isoformat(), "time": time, "stage": ctx.stage, "outside_window": bool(warning)},
        )
    return meeting, warning


def send_invitations(case: Case, *, acting_user: User) -> int:
    """Email every invitee not yet invited (queued in the outbox in this transaction); returns the count."""
    with case_action(case, "rapidreview.send_invitations", acting_user=acting_user):
        meeting = Meeting.objects.filter(case=case).first()
        if meeting is None:
            raise ValidationError("Set the meeting date before sending invitations")
        invitees = list(meeting.attendees.select_for_update().filter(invited_at__isnull=True).exclude(email=""))
        now = timezone.now()
        for a in invitees:
            a.invited_at = now
            a.save(update_fields=["invited_at"])
        meeting.invitations_sent_at = now
        meeting.save(update_fields=["invitations_sent_at"])
        audit.record(
            actor=acting_user,
            action="rapidreview.send_invitations",
            obj=meeting,
            case=case,
            after={"invited": [a.pk for a in invitees]},
        )
        for a in invitees:
            _queue_invitation(case, meeting, a)
    return len(invitees)


def _queue_invitation(case: Case, meeting: Meeting, attendee: Attendee) -> None:
    # Routine email: the reference only, never the child's name (docs/ARCHITECTURE.md).
    when = f"{meeting.date:%A %-d %B %Y}" + (f" at {meeting.time}" if meeting.time else "")
    body = (
        f"Dear {attendee.name},\n\nYou are invited to the Rapid Review meeting for case {case.reference} "
        f"on {when}" + (f", {meeting.location}" if meeting.location else "") + ".\n\n"
        "Please declare any conflict of interest and bring your agency's completed scoping template. The papers "
        "are available in CSPR Manager.\n\n" + case.lead_partnership.name + "\n"
    )
    outbox.enqueue(
        kind=MailKind.MEETING_INVITATION,
        key=f"meeting-invitation:{attendee.pk}:{attendee.invited_at:%Y%m%d%H%M%S%f}",
        case=case,
        to=[attendee.email],
        subject=f"Rapid Review meeting {case.reference}: {meeting.date:%-d %B %Y}",
        body=body,
    )


ATTENDEE_FIELDS = [
    "name",
    "role",
    "organisation",
    "email",
    "observer",
    "represents",
    "employed_by",
    "user",
    "delegated_authority",
    "present",
    "confidentiality_agreed",
    "conflict_of_interest",
]


def save_attendee(case: Case, attendee: Attendee | None, *, values: dict[str, Any], acting_user: User) -> Attendee:
    """Add or change a participant. A collaborating partnership adds its own people and changes only
    those (C12); the lead partnership changes anyone."""
    from cspr.access import Access, case_access

    access = case_access(acting_user, case)
    if access < Access.CONTRIBUTE:
        raise PermissionDenied("You have read-only access to this case.")
    collaborator = access is Access.CONTRIBUTE
    if collaborator and attendee is not None and attendee.contributed_by_id != acting_user.partnership_id:
        raise PermissionDenied("A collaborating partnership changes only the people it added.")
    if values.get("observer") and values.get("represents"):
        raise ValidationError({"represents": "An observer cannot represent a safeguarding partner"})
    linked = values.get("user")
    if linked is not None and (
        linked.partnership_id != case.lead_partnership_id or linked.statutory_partner_id is None
    ):
        raise ValidationError({"user": "Choose a user of one of this partnership's statutory partners"})
    with case_action(case, "rapidreview.save_attendee", acting_user=acting_user):
        meeting = Meeting.objects.filter(case=case).first()
        if meeting is None:
            raise ValidationError("Set the meeting date first")
        target = attendee or Attendee(meeting=meeting)
        if target.meeting_id != meeting.pk:
            raise ValidationError("That person is not on this meeting's list")
        before = snapshot(target, ATTENDEE_FIELDS) if attendee else {}
        for name in ATTENDEE_FIELDS:
            if name in values:
                setattr(target, name, values[name])
        if attendee is None and collaborator:
            target.contributed_by_id = acting_user.partnership_id
        target.save()
        audit.record(
            actor=acting_user,
            action="rapidreview.save_attendee",
            obj=target,
            case=case,
            before=before,
            after=snapshot(target, ATTENDEE_FIELDS) | {"contributed_by": target.contributed_by_id},
        )
    return target


def save_absence(case: Case, *, organisation: str, explanation: str, acting_user: User) -> Absence:
    if not explanation.strip():
        raise ValidationError({"explanation": "Explain why the agency was not there"})
    with case_action(case, "rapidreview.save_absence", acting_user=acting_user):
        meeting = Meeting.objects.filter(case=case).first()
        if meeting is None:
            raise ValidationError("Set the meeting date first")
        absence = Absence.objects.create(meeting=meeting, organisation=organisation, explanation=explanation)
        audit.record(
            actor=acting_user,
            action="rapidreview.save_absence",
            obj=absence,
            case=case,
            after={"organisation": organisation},
        )
    return absence


def save_record(
    case: Case, *, expected_version: int | None, values: dict[str, Any], acting_user: User
) -> RapidReviewRecord:
    """Save (a draft of) sections 1 and 2 of Document 4."""
    fields = [k for k in values if k in RECORD_FIELDS]
    with case_action(case, "rapidreview.save_record", acting_user=acting_user):
        record, created = RapidReviewRecord.objects.get_or_create(case=case)
        locked: RapidReviewRecord = save_versioned(
            RapidReviewRecord,
            record.pk,
            expected=None if created else expected_version,
            values=values,
            fields=fields,
            action="rapidreview.save_record",
            case=case,
            acting_user=acting_user,
        )
    return locked


def lcspr_decided(case: Case) -> bool:
    """The recorded decision is to hold an LCSPR: (b), alone or with (d) (Document 4 section 3)."""
    record = RapidReviewRecord.objects.filter(case=case).only("decision").first()
    return record is not None and DecisionOption.LCSPR in record.decision


def decision_errors(
    decision: list[str], *, other_review: str, kloes: str, reasons: str, record: RapidReviewRecord
) -> dict[str, str]:
    """Rules.md C9 and rules 35, 42."""
    errors: dict[str, str] = {}
    codes = set(decision)
    if not codes:
        errors["decision"] = "Select the decision"
    elif not codes <= {c.value for c in DecisionOption}:
        errors["decision"] = "Select a decision from the list"
    else:
        main = codes - {DecisionOption.OTHER_REVIEW}
        if len(main) > 1:
            errors["decision"] = "Select one of (a), (b), (c) or (e); only (d) can be combined, with (b) or (c)"
        elif (
            DecisionOption.OTHER_REVIEW in codes
            and main
            and not main <= {DecisionOption.LCSPR, DecisionOption.WARRANTS_LCSPR}
        ):
            errors["decision"] = "(d) can only be combined with (b) or (c)"
    if DecisionOption.OTHER_REVIEW in codes and not other_review.strip():
        errors["other_review"] = "State which review (DHR, SAR, MAPPA or other) should be considered"
    if codes & {DecisionOption.LCSPR, DecisionOption.WARRANTS_LCSPR} and not kloes.strip():
        errors["kloes"] = "Enter the proposed key lines of enquiry for the LCSPR"
    if not reasons.strip():
        errors["reasons"] = "Enter the reasons for the recommendation"
    if DecisionOption.NO_FURTHER in codes and len(record.immediate_learning.strip()) < 40:
        errors["decision"] = (
            "Record the learning in detail (section 2, immediate learning) before deciding no further review is needed"
        )
    return errors


def record_decision(
    case: Case,
    *,
    expected_version: int | None,
    decision: list[str],
    other_review: str,
    kloes: str,
    reasons: str,
    decision_date: dt.date,
    acting_user: User,
) -> RapidReviewRecord:
    """Record the decision of section 3. Refused at an inquorate meeting (hard, rules.md C7/C8), while
    a required part of Document 4 sections 1-2 is missing, and for anyone outside the lead partnership (C12)."""
    require_lead_partnership(acting_user, case)
    with case_action(case, "rapidreview.record_decision", acting_user=acting_user) as ctx:
        meeting = Meeting.objects.select_for_update().filter(case=case).first()
        if meeting is None:
            raise ValidationError("Set the meeting date and record who attended before recording the decision")
        q = quorum.for_meeting(meeting)
        if not q.quorate:
            raise ValidationError(f"No decision can be recorded at an inquorate meeting. {q.message}")
        missing = completeness.missing_parts(case, RapidReviewRecord.objects.filter(case=case).first())
        if missing:
            raise ValidationError(completeness.summary(missing))
        if decision_date < meeting.date:
            raise ValidationError({"decision_date": "The date of the decision must be on or after the meeting"})
        if decision_date > timezone.localdate():
            raise ValidationError({"decision_date": "The date of the decision must be today or in the past"})
        record, created = RapidReviewRecord.objects.get_or_create(case=case)
        locked: RapidReviewRecord = lock_and_check(RapidReviewRecord, record.pk, None if created else expected_version)
        errors = decision_errors(decision, other_review=other_review, kloes=kloes, reasons=reasons, record=locked)
        if errors:
            raise ValidationError(errors)
        locked.decision = sorted(set(decision))
        locked.other_review, locked.kloes, locked.reasons = other_review, kloes, reasons
        locked.decided_at, locked.decided_by = timezone.now(), acting_user
        locked.version += 1
        locked.save()
        before = ctx.case.stage
        ctx.set(meeting_date=meeting.date)
        ctx.reach_milestone("decision_date", decision_date)
        ctx.audit(
            obj=locked,
            before={"stage": before},
            after={
                "stage": ctx.stage,
                "decision": locked.decision,
                "decision_date": decision_date.isoformat(),
                "quorum": q.covered,
                "without_authority": q.without_authority,
                "not_counted": q.not_counted,
                "version": locked.version,
            },
        )
    return locked


def ratify(
    case: Case, *, partner: str, executive_name: str, executive_role: str, date: dt.date, acting_user: User
) -> Ratification:
    """A statutory partner lead ratifies the decision for their own partner only (rule 37, C7). Ratifying
    for another partner is ``ratification.ratify_on_behalf``."""
    own = ratification.check_own(case, partner, date, acting_user)
    with case_action(case, "rapidreview.ratify", acting_user=acting_user) as ctx:
        return ratification.create(
            ctx,
            partner=partner,
            executive_name=executive_name,
            executive_role=executive_role,
            date=date,
            acting_user=acting_user,
            acting_partner=own.kind,
        )


def endorse(case: Case, *, name: str, role: str, date: dt.date, acting_user: User) -> Endorsement:
    from cspr.access import Access, case_access

    scrutineer = Role(acting_user.role).endorses and acting_user.partnership_id == case.lead_partnership_id
    if case_access(acting_user, case) < Access.WRITE and not scrutineer:
        raise ValidationError("Only the independent scrutineer, or someone who edits the case, can record this")
    with case_action(case, "rapidreview.endorse", acting_user=acting_user):
        endorsement, _ = Endorsement.objects.update_or_create(
            case=case, defaults={"name": name, "role": role, "date": date, "recorded_by": acting_user}
        )
        audit.record(
            actor=acting_user,
            action="rapidreview.endorse",
            obj=endorsement,
            case=case,
            after={"name": name, "role": role, "date": date.isoformat()},
        )
    return endorsement


def panel_mailbox(case: Case) -> str:
    return case.lead_partnership.panel_mailbox or settings.PANEL_MAILBOX


def _refuse_unless_ratified(case: Case) -> None:
    ratified = set(Ratification.objects.filter(case=case).values_list("partner", flat=True))
    missing = [PartnerKind(k).label for k in PartnerKind.values if k not in ratified]
    if missing:
        raise ValidationError(
            "The Rapid Review cannot be submitted until all three safeguarding partners have ratified it. "
            "Still to ratify: " + ", ".join(missing) + "."
        )


def submit(case: Case, *, method: str, date: dt.date, acting_user: User) -> Submission:
    """Submit Document 4 and 5 to the National Panel. Refused before all three partners ratify (hard)."""
    require_lead_partnership(acting_user, case)
    if method not in SubmissionMethod.values:
        raise ValidationError({"method": "Select how the Rapid Review is sent"})
    if not is_allowed(case, "rapidreview.submit"):
        raise ActionRefused(refusal_message(case, "rapidreview.submit"), code="not_allowed")
    _refuse_unless_ratified(case)
    # The pack is rendered before the transaction (it takes seconds; the case row stays unlocked
    # meanwhile) and the case must not change in between: the Panel gets what the record said.
    rendered_from = Case.objects.values_list("version", flat=True).get(pk=case.pk)
    attachments = pack.build(case, acting_user=acting_user)
    with case_action(case, "rapidreview.submit", acting_user=acting_user) as ctx:
        locked = ctx.case
        _refuse_unless_ratified(locked)
        if locked.version != rendered_from:
            raise ValidationError(
                "The case was changed while the Rapid Review pack was being prepared. Check the case and submit again."
            )
        if locked.ratified_date and date < locked.ratified_date:
            raise ValidationError({"date": "The date of submission must be on or after the ratification"})
        mailbox = panel_mailbox(locked)
        subject = f"Rapid Review submission {locked.reference} – {locked.lead_partnership.name}"
        body = (
            f"Please find attached the Rapid Review (Document 4) and covering letter (Document 5) for case "
            f"{locked.reference}, from {locked.lead_partnership.name}.\n"
        )
        record = RapidReviewRecord.objects.get(case=locked)
        notices = _notices(locked, record)
        submission = Submission.objects.create(
            case=locked,
            method=method,
            date=date,
            sent_by=acting_user,
            recipients=[mailbox],
            subject=subject,
            body=body,
            attachments=[a.describe() for a in attachments],
            notices=[{"to": n.to, "purpose": n.purpose, "subject": n.subject} for n in notices],
        )
        before = locked.stage
        ctx.reach_milestone("submitted_date", date)
        ctx.audit(
            obj=submission,
            before={"stage": before},
            after={
                "stage": ctx.stage,
                "method": method,
                "date": date.isoformat(),
                "recipients": [mailbox],
                "attachments": submission.attachments,
                "notices": submission.notices,
            },
        )
        if method == SubmissionMethod.EMAIL:
            # The statutory email: the only one that carries case content (Documents 4 and 5).
            outbox.enqueue(
                kind=MailKind.PANEL_SUBMISSION,
                key=f"panel-submission:{submission.pk}",
                case=locked,
                to=[mailbox],
                subject=subject,
                body=body,
                attachments=[
                    outbox.File(a.name, a.content_type, document_id=a.generated_document_id)
                    if a.generated_document_id is not None
                    else outbox.File(a.name, a.content_type, content=a.content)
                    for a in attachments
                ],
            )
        for n in notices:
            outbox.enqueue(
                kind=n.kind,
                key=f"submission-notice:{submission.pk}:{n.purpose}",
                case=locked,
                to=n.to,
                bcc=n.bcc,
                subject=n.subject,
                body=n.body,
            )
    return submission


@dataclass(frozen=True)
class Notice:
    purpose: str
    kind: MailKind
    to: list[str]
    subject: str
    body: str
    bcc: list[str] = field(default_factory=list)


def _notices(case: Case, record: RapidReviewRecord) -> list[Notice]:
    """Rule 43 (commissioning decisions to the Panel, DfE and Ofsted) and rule 39 (agencies and referrer).
    Routine emails: the reference and the outcome only, never the child's name."""
    partnership = case.lead_partnership
    outcome = "; ".join(record.decision_labels())
    found: list[Notice] = []
    if set(record.decision) & {DecisionOption.LCSPR, DecisionOption.WARRANTS_LCSPR}:
        found.append(
            Notice(
                purpose="commissioning",
                kind=MailKind.COMMISSIONING_NOTICE,
                to=[
                    partnership.panel_mailbox or settings.PANEL_MAILBOX,
                    partnership.dfe_mailbox or settings.DFE_MAILBOX,
                    partnership.ofsted_mailbox or settings.OFSTED_MAILBOX,
                ],
                subject=f"Decision to commission an LCSPR: {case.reference}",
                body=f"{partnership.name} has decided to commission a Local Child Safeguarding Practice Review "
                f"for case {case.reference}.\nDecision: {outcome}\n",
            )
        )
    recipients = sorted(
        {
            i.agency.safeguarding_lead_email
            for i in case.agencies_involved.select_related("agency")
            if i.agency.safeguarding_lead_email
        }
        | ({case.referral.referrer_email} if hasattr(case, "referral") and case.referral.referrer_email else set())
    )
    if recipients:
        found.append(
            Notice(
                purpose="outcome",
                kind=MailKind.OUTCOME_NOTICE,
                to=[partnership.contact_email or settings.DEFAULT_FROM_EMAIL],
                bcc=recipients,
                subject=f"Rapid Review outcome: {case.reference}",
                body=f"The Rapid Review of case {case.reference} has been completed and submitted to the National "
                f"Panel.\nOutcome: {outcome}\n\n{partnership.name}\n",
            )
        )
    return found


def record_panel_response(case: Case, *, response: str, date: dt.date, acting_user: User) -> Submission:
    if not response.strip():
        raise ValidationError({"response": "Enter the National Panel's response"})
    with case_action(case, "rapidreview.record_panel_response", acting_user=acting_user):
        submission = Submission.objects.select_for_update().get(case=case)
        if date < submission.date:
            raise ValidationError({"date": "The date of the response must be on or after the submission"})
        before = {"panel_response": submission.panel_response}
        submission.panel_response, submission.panel_response_date = response, date
        submission.save(update_fields=["panel_response", "panel_response_date"])
        audit.record(
            actor=acting_user,
            action="rapidreview.record_panel_response",
            obj=submission,
            case=case,
            before=before,
            after={"panel_response": response, "date": date.isoformat()},
        )
    return submission


def save_panel_consideration(partnership: Any, *, question: str, active: bool, acting_user: User) -> Any:
    from cspr.rapidreview.models import PanelConsideration

    with transaction.atomic():
        item = PanelConsideration.objects.create(
            partnership=partnership,
            question=question,
            active=active,
            order=PanelConsideration.objects.filter(partnership=partnership).count(),
        )
        audit.record(
            actor=acting_user,
            action="rapidreview.add_panel_consideration",
            obj=item,
            partnership_id=partnership.pk,
            after={"question": question, "active": active},
        )
    return item


def set_panel_consideration_active(item: Any, *, active: bool, acting_user: User) -> Any:
    with transaction.atomic():
        before = {"active": item.active}
        item.active = active
        item.save(update_fields=["active"])
        audit.record(
            actor=acting_user,
            action="rapidreview.update_panel_consideration",
            obj=item,
            partnership_id=item.partnership_id,
            before=before,
            after={"active": active},
        )
    return item
