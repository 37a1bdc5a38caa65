"""Every change to the family log: named, run through ``case_action`` and audited in its transaction.

The case's audit trail is open to everyone who reads the case, the family log is not
(``cspr.family.access``): audit rows here carry ids, kinds and dates, never what a family member
said, a reason or a note.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.concurrency import lock_and_check
from cspr.cases.models import Case, Person
from cspr.cases.transitions import ActionContext, case_action, reached, register_action
from cspr.family.models import (
    NON_INVOLVEMENT,
    Contact,
    ContactKind,
    Invitation,
    Involvement,
    Method,
    Outcome,
    SharedItem,
    SupportKind,
    SupportOffer,
    TakenUp,
    ViewExpressed,
)
from cspr.lcspr.team import review_team_user_ids

if TYPE_CHECKING:
    from django.db.models import QuerySet

# Family engagement belongs to the LCSPR: from its commissioning (the ratified decision b) until the
# case closes (``reached`` also refuses a closed case).
IN_LCSPR = reached("lcspr_commissioned_date")
REFUSAL = "Family engagement is recorded once an LCSPR has been commissioned, and not after the case is closed."
for _name in (
    "family.save_invitation",
    "family.record_contact",
    "family.send_letter",
    "family.record_view",
    "family.offer_support",
    "family.update_support",
    "family.record_involvement",
    "family.record_shared",
):
    register_action(_name, allowed=IN_LCSPR, refusal=REFUSAL)


def eligible_staff(case: Case) -> QuerySet[User]:
    """Who may coordinate or make contact: the review team, or the lead partnership's staff who change cases."""
    writers = [r.value for r in Role if r.edits_partnership_cases]
    team = review_team_user_ids(case)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=team) | Q(partnership_id=case.lead_partnership_id, role__in=writers))
        .order_by("full_name", "pk")
    )


def _check_staff(case: Case, user: User | None, field: str, what: str) -> None:
    if user is not None and not eligible_staff(case).filter(pk=user.pk).exists():
        raise ValidationError({field: f"Choose {what} from the review team or the partnership's staff"})


def _not_future(day: dt.date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"{what} must be today or in the past"})


def _invitation(ctx: ActionContext, person: Person) -> Invitation:
    """The person's invitation row, created (invited by default, rule 51) the first time anything is recorded."""
    if person.case_id != ctx.case.pk:
        raise ValidationError("This person is not part of this case.")
    invitation, _ = Invitation.objects.get_or_create(case=ctx.case, person=person)
    return invitation


def _summary(invitation: Invitation) -> dict[str, Any]:
    return {
        "person": invitation.person_id,
        "invite": invitation.invite,
        "coordinator": invitation.coordinator_id,
        "involvement": invitation.involvement,
        "version": invitation.version,
    }


def save_invitation(
    *,
    case: Case,
    person: Person,
    invite: bool,
    reason_not_invited: str = "",
    coordinator: User | None = None,
    coordinator_phone: str = "",
    via_professional: str = "",
    expected_version: int | None = None,
    acting_user: User,
) -> Invitation:
    """Whether the person is invited (a strong reason needed for no, rule 51) and who makes contact."""
    reason_not_invited = reason_not_invited.strip()
    if not invite and not reason_not_invited:
        raise ValidationError({"reason_not_invited": "Give the strong reason for not inviting this person"})
    with case_action(case, "family.save_invitation", acting_user=acting_user) as ctx:
        _check_staff(ctx.case, coordinator, "coordinator", "the coordinator")
        invitation: Invitation = lock_and_check(Invitation, _invitation(ctx, person).pk, expected_version)
        before = _summary(invitation)
        invitation.invite = invite
        invitation.reason_not_invited = "" if invite else reason_not_invited
        invitation.coordinator = coordinator
        invitation.coordinator_phone = coordinator_phone.strip()
        invitation.via_professional = via_professional.strip()
        invitation.version += 1
        invitation.save()
        ctx.audit(obj=invitation, before=before, after=_summary(invitation))
    return invitation


def record_contact(
    *,
    case: Case,
    person: Person,
    kind: str,
    on: dt.date,
    method: str,
    by: User,
    outcome: str,
    notes: str = "",
    acting_user: User,
) -> Contact:
    """A contact attempt or a meeting, by whom and with what outcome."""
    _not_future(on, "on", "The date of the contact")
    if kind not in {ContactKind.ATTEMPT, ContactKind.MEETING}:
        raise ValidationError({"kind": "Select whether this was a contact attempt or a meeting"})
    with case_action(case, "family.record_contact", acting_user=acting_user) as ctx:
        _check_staff(ctx.case, by, "by", "who made contact")
        invitation = _invitation(ctx, person)
        contact = Contact.objects.create(
            invitation=invitation, kind=kind, on=on, method=method, by=by, outcome=outcome, notes=notes.strip()
        )
        ctx.audit(
            obj=contact, after={"person": person.pk, "kind": kind, "on": on.isoformat(), "method": method, "by": by.pk}
        )
    return contact


LETTER_METHODS = (Method.LETTER, Method.EMAIL, Method.VIA_PROFESSIONAL, Method.VISIT)


def send_letter(*, case: Case, person: Person, on: dt.date, method: str, by: User, acting_user: User) -> Contact:
    """The letter (Document 8) and leaflet (Document 9) went to this person: logged as a contact."""
    _not_future(on, "on", "The date the letter was sent")
    if method not in LETTER_METHODS:
        raise ValidationError({"method": "Select how the letter was sent"})
    with case_action(case, "family.send_letter", acting_user=acting_user) as ctx:
        _check_staff(ctx.case, by, "by", "who sent the letter")
        invitation = _invitation(ctx, person)
        if not invitation.invite:
            raise ValidationError("This person is not to be invited: record the decision again before writing to them.")
        contact = Contact.objects.create(
            invitation=invitation,
            kind=ContactKind.LETTER,
            on=on,
            method=method,
            by=by,
            outcome=Outcome.SENT,
        )
        ctx.audit(obj=contact, after={"person": person.pk, "on": on.isoformat(), "method": method, "by": by.pk})
    return contact


def record_view(
    *, case: Case, person: Person, on: dt.date, summary: str, for_report: bool = True, acting_user: User
) -> ViewExpressed:
    """What the family member said, to be carried into the report unless they asked otherwise."""
    _not_future(on, "on", "The date the view was given")
    if not summary.strip():
        raise ValidationError({"summary": "Enter what the family member said"})
    with case_action(case, "family.record_view", acting_user=acting_user) as ctx:
        view = ViewExpressed.objects.create(
            invitation=_invitation(ctx, person),
            on=on,
            summary=summary.strip(),
            for_report=for_report,
            recorded_by=acting_user,
        )
        ctx.audit(obj=view, after={"person": person.pk, "on": on.isoformat(), "for_report": for_report})
    return view


def offer_support(
    *,
    case: Case,
    person: Person,
    kind: str,
    offered_on: dt.date,
    offered_by: User,
    language: str = "",
    detail: str = "",
    taken_up: str = TakenUp.NOT_YET_KNOWN,
    acting_user: User,
) -> SupportOffer:
    """Support offered so the person can take part (§7.1.3): interpreter, advocacy, domestic abuse specialist."""
    _not_future(offered_on, "offered_on", "The date support was offered")
    if kind == SupportKind.INTERPRETER and not language.strip():
        raise ValidationError({"language": "Enter the language the interpreter speaks"})
    if kind == SupportKind.OTHER and not detail.strip():
        raise ValidationError({"detail": "Describe the support offered"})
    with case_action(case, "family.offer_support", acting_user=acting_user) as ctx:
        _check_staff(ctx.case, offered_by, "offered_by", "who offered the support")
        offer = SupportOffer.objects.create(
            invitation=_invitation(ctx, person),
            kind=kind,
            language=language.strip() if kind == SupportKind.INTERPRETER else "",
            detail=detail.strip(),
            offered_on=offered_on,
            offered_by=offered_by,
            taken_up=taken_up,
        )
        ctx.audit(obj=offer, after={"person": person.pk, "kind": kind, "taken_up": taken_up})
    return offer


def update_support(*, offer: SupportOffer, taken_up: str, acting_user: User) -> SupportOffer:
    if taken_up not in TakenUp.values:
        raise ValidationError({"taken_up": "Select whether the support was taken up"})
    with case_action(offer.invitation.case_id, "family.update_support", acting_user=acting_user) as ctx:
        locked = SupportOffer.objects.select_for_update().get(pk=offer.pk)
        before = {"taken_up": locked.taken_up}
        locked.taken_up = taken_up
        locked.save(update_fields=["taken_up"])
        ctx.audit(obj=locked, before=before, after={"taken_up": taken_up})
    return locked


def record_involvement(
    *, case: Case, person: Person, involvement: str, reason: str = "", acting_user: User
) -> Invitation:
    """Whether the person is taking part; a reason for non-involvement goes into the report (§7.4.2, §9.1.5)."""
    if involvement not in Involvement.values:
        raise ValidationError({"involvement": "Select whether this person is taking part"})
    if involvement in NON_INVOLVEMENT and not reason.strip():
        raise ValidationError({"reason": "Give the reason, for the report"})
    with case_action(case, "family.record_involvement", acting_user=acting_user) as ctx:
        invitation: Invitation = lock_and_check(Invitation, _invitation(ctx, person).pk, None)
        before = _summary(invitation)
        invitation.involvement = involvement
        invitation.involvement_reason = reason.strip() if involvement in NON_INVOLVEMENT else ""
        invitation.version += 1
        invitation.save()
        ctx.audit(obj=invitation, before=before, after=_summary(invitation))
    return invitation


def record_shared(
    *,
    case: Case,
    person: Person | None,
    what: str,
    shared_on: dt.date,
    shared_by: User,
    acting_user: User,
) -> SharedItem:
    """What was shared with the family before publication (§9.2.5): what, when, by whom."""
    _not_future(shared_on, "shared_on", "The date it was shared")
    if not what.strip():
        raise ValidationError({"what": "Enter what was shared"})
    with case_action(case, "family.record_shared", acting_user=acting_user) as ctx:
        _check_staff(ctx.case, shared_by, "shared_by", "who shared it")
        item = SharedItem.objects.create(
            case=ctx.case,
            invitation=_invitation(ctx, person) if person is not None else None,
            what=what.strip(),
            shared_on=shared_on,
            shared_by=shared_by,
        )
        ctx.audit(obj=item, after={"person": person.pk if person else None, "on": shared_on.isoformat()})
    return item
