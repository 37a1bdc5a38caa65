"""Named, audited actions on the case record. Each takes ``*, acting_user`` and runs inside
``cspr.cases.transitions.case_action`` (one transaction, the case row locked, the action's rule checked
on the locked row, one audit row). Only this package writes Case or Person fields: other apps call
the actions here (``correct_person`` for an agency's accepted family correction).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cspr.audit import log as audit
from cspr.cases import milestones
from cspr.cases.concurrency import lock_and_check, save_versioned, snapshot
from cspr.cases.models import (
    AgencyInvolvement,
    Case,
    CaseCollaborator,
    CaseCounter,
    Household,
    Origin,
    ParallelProcess,
    Person,
    PersonRole,
    Referral,
    ReferralEvent,
    Relationship,
)
from cspr.cases.transitions import case_action, not_closed, not_reached, register_action
from cspr.organisations.models import Agency, Partnership

if TYPE_CHECKING:
    from cspr.accounts.models import User

REFERRAL_FIELDS = [
    f.name for f in Referral._meta.get_fields() if f.concrete and f.name not in {"id", "case", "version"}
]
PERSON_FIELDS = [
    f.name
    for f in Person._meta.get_fields()
    if getattr(f, "concrete", False) and f.name not in {"id", "case", "version"}
]


# A closed case is read-only; the referral (Document 1a) belongs to the Rapid Review, before the LCSPR.
for _name in (
    "cases.update_dates",
    "cases.save_person",
    "cases.correct_person",
    "cases.save_relationship",
    "cases.save_household",
    "cases.save_agency_involvement",
    "cases.save_parallel_process",
    "cases.add_collaborator",
    "cases.link_case",
):
    register_action(_name, allowed=not_closed)
for _name in ("cases.update_referral", "cases.add_referral_event"):
    register_action(_name, allowed=not_reached("terms_of_reference_agreed_date"))


def next_reference(partnership: Partnership, year: int) -> str:
    """``<CODE>-<YEAR>-<NNN>``: call inside a transaction; the counter row is locked until it ends."""
    code = partnership.short_code.upper()
    try:
        with transaction.atomic():
            counter, _ = CaseCounter.objects.select_for_update().get_or_create(partnership=partnership, year=year)
    except IntegrityError:
        # Another request created the counter row first: lock theirs.
        counter = CaseCounter.objects.select_for_update().get(partnership=partnership, year=year)
    while True:
        counter.last += 1
        reference = f"{code}-{year}-{counter.last:03d}"
        if not Case.objects.filter(reference=reference).exists():
            break
    counter.save(update_fields=["last"])
    return reference


def _check_anchors(values: dict[str, dt.date | None]) -> None:
    errors = milestones.order_errors(values, timezone.localdate())
    if errors:
        raise ValidationError(errors)


def open_case(
    *,
    partnership: Partnership,
    origin: Origin,
    dates: dict[str, dt.date | None],
    referral: dict[str, Any],
    child: dict[str, Any],
    notification_decision: dict[str, Any] | None,
    acting_user: User,
) -> Case:
    """Open a case from a serious incident notification or a referral (Document 1a)."""
    _check_anchors(dates)
    known = {k: v for k, v in dates.items() if k in milestones.LABELS}
    with transaction.atomic():
        reference = next_reference(partnership, timezone.localdate().year)
        case = Case.objects.create(
            reference=reference,
            lead_partnership=partnership,
            origin=origin,
            stage=milestones.derive_stage(Case(**known)),
            notification_decision=notification_decision or {},
            **known,
        )
        Referral.objects.create(case=case, **{k: v for k, v in referral.items() if k in REFERRAL_FIELDS})
        person = Person.objects.create(
            case=case, role=PersonRole.SUBJECT_CHILD, **{k: v for k, v in child.items() if k in PERSON_FIELDS}
        )
        audit.record(
            actor=acting_user,
            action="cases.open",
            obj=case,
            case=case,
            after={"reference": reference, "origin": str(origin), "stage": case.stage, "subject_child_id": person.pk},
        )
    return case


def update_dates(case: Case, *, expected_version: int | None, values: dict[str, Any], acting_user: User) -> Case:
    with case_action(case, "cases.update_dates", acting_user=acting_user, expected_version=expected_version) as ctx:
        locked = ctx.case
        _check_anchors(milestones.dates(locked) | values)
        before = snapshot(locked, list(values))
        ctx.set(**values)
        ctx.touch()
        ctx.audit(before=before, after=snapshot(locked, list(values)) | {"version": locked.version + 1})
    return locked


def update_referral(case: Case, *, expected_version: int | None, values: dict[str, Any], acting_user: User) -> Referral:
    with case_action(case, "cases.update_referral", acting_user=acting_user):
        referral, _ = Referral.objects.get_or_create(case=case)
        locked: Referral = save_versioned(
            Referral,
            referral.pk,
            expected=expected_version,
            values=values,
            fields=[k for k in values if k in REFERRAL_FIELDS],
            action="cases.update_referral",
            case=case,
            acting_user=acting_user,
        )
    return locked


def save_person(
    case: Case,
    person: Person | None,
    *,
    expected_version: int | None,
    values: dict[str, Any],
    acting_user: User,
) -> Person:
    """Add a subject child, family member or significant other, or change one."""
    fields = [k for k in values if k in PERSON_FIELDS]
    with case_action(case, "cases.save_person", acting_user=acting_user):
        if person is None:
            target = Person(case=case)
            before: dict[str, Any] = {}
        else:
            target = lock_and_check(Person, person.pk, expected_version)
            if target.case_id != case.pk:
                raise ValidationError("That person is not part of this case.")
            before = snapshot(target, fields)
            target.version += 1
        for name in fields:
            setattr(target, name, values[name])
        target.save()
        audit.record(
            actor=acting_user,
            action="cases.add_person" if person is None else "cases.update_person",
            obj=target,
            case=case,
            before=before,
            after=snapshot(target, fields) | {"version": target.version},
        )
    return target


def correct_person(case: Case, *, person_id: int, field: str, value: str, acting_user: User | None) -> Person:
    """Apply one accepted correction of the family record (an agency's, reviewed by the coordinator).

    The person and the case both get a new version, from their locked rows, so an edit page opened
    before the correction is refused as stale rather than saving over it."""
    if field not in PERSON_FIELDS:
        raise ValidationError("That detail cannot be corrected here.")
    with case_action(case, "cases.correct_person", acting_user=acting_user) as ctx:
        person: Person = lock_and_check(Person, person_id, None)
        if person.case_id != ctx.case.pk:
            raise ValidationError("That person is not part of this case.")
        before = snapshot(person, [field])
        setattr(person, field, value)
        person.version += 1
        person.save(update_fields=[field, "version"])
        ctx.touch()
        ctx.audit(
            obj=person,
            action="cases.update_person",
            before=before,
            after=snapshot(person, [field]) | {"version": person.version},
        )
    return person


def save_relationship(
    case: Case, *, from_person: Person, to_person: Person, kind: str, separated: bool, note: str, acting_user: User
) -> Relationship:
    if from_person.case_id != case.pk or to_person.case_id != case.pk:
        raise ValidationError("Both people must be part of this case.")
    if from_person.pk == to_person.pk:
        raise ValidationError("Choose two different people.")
    with case_action(case, "cases.save_relationship", acting_user=acting_user):
        relationship, _ = Relationship.objects.update_or_create(
            case=case,
            from_person=from_person,
            to_person=to_person,
            kind=kind,
            defaults={"separated": separated, "note": note},
        )
        audit.record(
            actor=acting_user,
            action="cases.save_relationship",
            obj=relationship,
            case=case,
            after={"from": from_person.pk, "to": to_person.pk, "kind": kind, "separated": separated},
        )
    return relationship


def save_household(case: Case, *, name: str, address: str, members: list[Person], acting_user: User) -> Household:
    """A household for the genogram: who lived together, at which address."""
    if any(p.case_id != case.pk for p in members):
        raise ValidationError("Everyone in the household must be part of this case.")
    with case_action(case, "cases.save_household", acting_user=acting_user):
        household = Household.objects.create(case=case, name=name, address=address)
        household.members.set(members)
        audit.record(
            actor=acting_user,
            action="cases.save_household",
            obj=household,
            case=case,
            after={"members": [p.pk for p in members]},
        )
    return household


def save_agency_involvement(
    case: Case, *, agency: Agency, reason: str, current: bool, acting_user: User
) -> AgencyInvolvement:
    if (
        agency.partnership_id != case.lead_partnership_id
        and not case.collaborators.filter(partnership_id=agency.partnership_id).exists()
    ):
        raise ValidationError("Choose an agency of the lead or a collaborating partnership.")
    from cspr.access import Access, case_access

    access = case_access(acting_user, case)
    if access < Access.CONTRIBUTE or (
        access is Access.CONTRIBUTE and agency.partnership_id != acting_user.partnership_id
    ):
        # C12: a collaborating partnership contributes its own agencies only.
        raise PermissionDenied("A collaborating partnership adds its own agencies only.")
    with case_action(case, "cases.save_agency_involvement", acting_user=acting_user):
        involvement, created = AgencyInvolvement.objects.update_or_create(
            case=case, agency=agency, defaults={"reason": reason, "current": current}
        )
        audit.record(
            actor=acting_user,
            action="cases.save_agency_involvement",
            obj=involvement,
            case=case,
            after={"agency": agency.pk, "reason": reason, "current": current, "new": created},
        )
    return involvement


def save_parallel_process(
    case: Case, *, kind: str, contact: str, detail: str, experts_invited: bool, acting_user: User
) -> ParallelProcess:
    with case_action(case, "cases.save_parallel_process", acting_user=acting_user):
        process = ParallelProcess.objects.create(
            case=case, kind=kind, contact=contact, detail=detail, experts_invited=experts_invited
        )
        audit.record(
            actor=acting_user,
            action="cases.save_parallel_process",
            obj=process,
            case=case,
            after={"kind": kind, "contact": contact, "experts_invited": experts_invited},
        )
    return process


def add_referral_event(case: Case, *, occurred_on: dt.date, time: str, event: str, acting_user: User) -> ReferralEvent:
    with case_action(case, "cases.add_referral_event", acting_user=acting_user):
        row = ReferralEvent.objects.create(case=case, occurred_on=occurred_on, time=time, event=event)
        audit.record(
            actor=acting_user,
            action="cases.add_referral_event",
            obj=row,
            case=case,
            after={"occurred_on": occurred_on.isoformat(), "time": time},
        )
    return row


def add_collaborator(case: Case, *, partnership: Partnership, reason: str, acting_user: User) -> CaseCollaborator:
    """A cross-border partner joins the case (rules.md C12): it gains access to the case."""
    if partnership.pk == case.lead_partnership_id:
        raise ValidationError("The lead partnership cannot also be a collaborator.")
    with case_action(case, "cases.add_collaborator", acting_user=acting_user):
        collaborator, _ = CaseCollaborator.objects.get_or_create(
            case=case, partnership=partnership, defaults={"reason": reason}
        )
        audit.record(
            actor=acting_user,
            action="cases.add_collaborator",
            obj=collaborator,
            case=case,
            after={"partnership": partnership.pk, "reason": reason},
        )
    return collaborator


def link_case(case: Case, other: Case, *, acting_user: User) -> None:
    """Link two cases (for a later thematic review); the caller has checked access to both."""
    if other.pk == case.pk:
        raise ValidationError("A case cannot be linked to itself.")
    with case_action(case, "cases.link_case", acting_user=acting_user):
        case.linked_cases.add(other)
        audit.record(
            actor=acting_user, action="cases.link_case", obj=case, case=case, after={"linked": other.reference}
        )
