"""Named, audited actions of the data lifecycle (decision 0033).

They are partnership actions, not case actions: a closed case refuses every case action, and the
records they act on are mostly closed cases'. Each is one transaction that first locks the
partnership's ``RetentionSettings`` row (so a legal hold and a destruction never interleave), checks
everything on the locked rows, and writes its chained audit row (``cspr.audit.log.record``) in the
same transaction. Files leave storage only after the commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from cspr.audit import log as audit
from cspr.cases.models import Case, Person
from cspr.changes import fragments
from cspr.documents.models import GeneratedDocument
from cspr.organisations.models import Partnership
from cspr.portal.models import Upload
from cspr.retention import classes, policy
from cspr.retention.access import is_data_protection_lead
from cspr.retention.models import (
    DestructionCertificate,
    LegalHold,
    Outcome,
    RetentionSettings,
    ReviewDecision,
    Schedule,
)

if TYPE_CHECKING:
    from cspr.accounts.models import User


class Refused(ValidationError):
    """The action is not allowed; the message is for the user."""


class StaleEdit(Exception):
    """Someone else saved the record since this edit started."""


def _label(user: User) -> str:
    return f"{user.full_name} <{user.email}>"


def _lock(partnership: Partnership) -> RetentionSettings:
    RetentionSettings.objects.get_or_create(partnership=partnership)
    return RetentionSettings.objects.select_for_update().get(partnership=partnership)


def _require_lead(user: User, partnership: Partnership) -> None:
    if not is_data_protection_lead(user, partnership.pk):
        raise Refused("Only the partnership's data protection lead can do this.", code="not_allowed")


def _require_manager(user: User, partnership: Partnership) -> None:
    from cspr.accounts.roles import Role

    if user.partnership_id != partnership.pk or not Role(user.role).manages_partnership:
        raise Refused("Only the partnership's administrator or business manager can do this.", code="not_allowed")


def save_schedule(
    partnership: Partnership,
    *,
    record_class: str,
    years: int,
    months: int,
    permanent: bool,
    expected_version: int | None,
    acting_user: User,
) -> Schedule:
    """Set the partnership's period for one record class (the audit row keeps the old and new periods)."""
    _require_manager(acting_user, partnership)
    rc = classes.BY_KEY.get(record_class)
    if rc is None or not rc.destroyable:
        raise Refused("This record class has no period the partnership can set.", code="not_settable")
    if not permanent and years * 12 + months < 1:
        raise Refused("Enter a period of at least 1 month, or keep the records permanently.", code="too_short")
    with transaction.atomic():
        _lock(partnership)
        before = policy.periods(partnership)[rc.key]
        row = Schedule.objects.select_for_update().filter(partnership=partnership, record_class=rc.key).first()
        current_version = row.version if row is not None else 0
        if expected_version is not None and expected_version != current_version:
            raise StaleEdit()
        if row is None:
            row = Schedule(partnership=partnership, record_class=rc.key, version=0)
        row.years, row.months, row.permanent = years, months, permanent
        row.version += 1
        row.changed_by, row.changed_at = acting_user, timezone.now()
        row.save()
        after = policy.Period(years, months, permanent, False)
        audit.record(
            actor=acting_user,
            action="retention.schedule_changed",
            obj=row,
            partnership_id=partnership.pk,
            before={"record_class": rc.key, "period": before.label},
            after={"record_class": rc.key, "period": after.label},
            detail={"label": f"{rc.label}: {after.label}"},
        )
    return row


def save_contact(
    partnership: Partnership, *, lead: User | None, email: str, expected_version: int, acting_user: User
) -> RetentionSettings:
    """Name the data protection lead (a user of the partnership) and the address for due-record emails."""
    _require_manager(acting_user, partnership)
    if lead is not None and (lead.partnership_id != partnership.pk or not lead.is_active):
        raise Refused("The data protection lead must be an active user of the partnership.", code="not_member")
    with transaction.atomic():
        row = _lock(partnership)
        if row.version != expected_version:
            raise StaleEdit()
        before = {"lead": row.data_protection_lead_id, "email": row.data_protection_email}
        row.data_protection_lead, row.data_protection_email = lead, email
        row.version += 1
        row.save()
        audit.record(
            actor=acting_user,
            action="retention.contact_changed",
            obj=row,
            partnership_id=partnership.pk,
            before=before,
            after={"lead": lead.pk if lead else None, "email": email},
        )
    return row


def place_hold(
    partnership: Partnership,
    *,
    case: Case | None = None,
    person: Person | None = None,
    record_class: str = "",
    reason: str,
    acting_user: User,
) -> LegalHold:
    """Hold a case, a person (their case and its linked cases) or a record class: nothing held is destroyed."""
    _require_lead(acting_user, partnership)
    if not reason.strip():
        raise Refused("Enter the reason for the legal hold.", code="no_reason")
    if record_class and (record_class not in classes.BY_KEY or not classes.BY_KEY[record_class].destroyable):
        raise Refused("Choose a record class that can be held.", code="bad_class")
    if person is not None:
        case = None
        if person.case.lead_partnership_id != partnership.pk:
            raise Refused("This person is not in one of the partnership's cases.", code="not_ours")
    if case is not None and case.lead_partnership_id != partnership.pk:
        raise Refused("This case is not led by the partnership.", code="not_ours")
    held_case = person.case if person is not None else case
    with transaction.atomic():
        _lock(partnership)
        # A person's hold names the person (it covers their case and its linked cases), not one case.
        hold = LegalHold.objects.create(
            partnership=partnership,
            case=case,
            case_reference=held_case.reference if held_case is not None else "",
            person=person,
            record_class=record_class,
            reason=reason.strip(),
            placed_by=acting_user,
            placed_at=timezone.now(),
        )
        audit.record(
            actor=acting_user,
            action="retention.hold_placed",
            obj=hold,
            case=held_case,
            partnership_id=partnership.pk,
            after={"record_class": record_class or "every class", "reason": hold.reason, "person": person is not None},
        )
    return hold


def release_hold(partnership: Partnership, hold_id: int, *, reason: str, acting_user: User) -> LegalHold:
    _require_lead(acting_user, partnership)
    if not reason.strip():
        raise Refused("Enter the reason for releasing the legal hold.", code="no_reason")
    with transaction.atomic():
        _lock(partnership)
        hold = LegalHold.objects.select_for_update().filter(pk=hold_id, partnership=partnership).first()
        if hold is None or hold.released_at is not None:
            raise Refused("This legal hold is not active.", code="not_active")
        hold.released_at, hold.released_by, hold.release_reason = timezone.now(), acting_user, reason.strip()
        hold.save(update_fields=["released_at", "released_by", "release_reason"])
        audit.record(
            actor=acting_user,
            action="retention.hold_released",
            obj=hold,
            partnership_id=partnership.pk,
            detail={"case_reference": hold.case_reference},
            after={"reason": hold.release_reason},
        )
    return hold


def record_decision(
    partnership: Partnership,
    *,
    case_id: int,
    record_class: str,
    outcome: str,
    reason: str,
    review_again_on: dt.date | None,
    acting_user: User,
    today: dt.date | None = None,
) -> ReviewDecision:
    """Keep (review again on a date) or authorise destruction of a unit past its period, with reasons."""
    _require_lead(acting_user, partnership)
    today = today or timezone.localdate()
    if outcome not in Outcome.values:
        raise Refused("Choose whether to keep or destroy the records.", code="no_outcome")
    if not reason.strip():
        raise Refused("Enter the reason for the decision.", code="no_reason")
    if outcome == Outcome.KEEP and (review_again_on is None or review_again_on <= today):
        raise Refused("Enter a date after today on which to review the records again.", code="no_review_date")
    with transaction.atomic():
        _lock(partnership)
        case = Case.objects.select_for_update().filter(pk=case_id, lead_partnership=partnership).first()
        unit = policy.unit_for(partnership, record_class, case_id, today) if case is not None else None
        if case is None or unit is None:
            raise Refused("These records are not due for review (not past their period, or on legal hold).")
        decision = ReviewDecision.objects.create(
            partnership=partnership,
            case=case,
            case_reference=case.reference,
            record_class=record_class,
            outcome=outcome,
            reason=reason.strip(),
            review_again_on=review_again_on if outcome == Outcome.KEEP else None,
            period_ended_on=unit.period_ends,
            decided_by=acting_user,
            decided_by_label=_label(acting_user),
            decided_at=timezone.now(),
        )
        audit.record(
            actor=acting_user,
            action="retention.decision_recorded",
            obj=decision,
            case=case,
            after={
                "record_class": record_class,
                "outcome": outcome,
                "reason": decision.reason,
                "review_again_on": review_again_on.isoformat() if review_again_on else None,
            },
            detail={"label": f"{unit.record_class.label}: {Outcome(outcome).label.lower()}"},
        )
    return decision


def _files(rc: classes.RecordClass, case: Case, before: dt.date | None) -> list[dict[str, Any]]:
    """The files that go with the rows: uploads in storage (hashed again from their bytes) and the
    stored document versions held in the database."""
    found: list[dict[str, Any]] = []
    if rc.whole_case or rc.key == "agency_returns":
        for upload in Upload.objects.filter(request__case=case).order_by("id"):
            digest, size = upload.sha256, upload.size
            try:
                with upload.file.open("rb") as handle:
                    data = handle.read()
                digest, size = hashlib.sha256(data).hexdigest(), len(data)
            except OSError:
                pass
            found.append({"name": upload.file.name, "sha256": digest, "size": size, "where": "file store"})
    if rc.whole_case or rc.key == "report_drafts":
        docs = GeneratedDocument.objects.filter(case=case)
        if not rc.whole_case:
            docs = rc.rows[0].for_case(case)  # type: ignore[assignment]
        for doc in docs.order_by("id").only("filename", "sha256", "size"):
            found.append({"name": doc.filename, "sha256": doc.sha256, "size": doc.size, "where": "database"})
    return found


def destroy(
    partnership: Partnership, decision_id: int, *, acting_user: User, today: dt.date | None = None
) -> DestructionCertificate:
    """Carry out a recorded destruction decision: rows deleted, files removed after the commit, a
    certificate kept, one chained audit row; all or nothing. Audit rows are never touched."""
    _require_lead(acting_user, partnership)
    today = today or timezone.localdate()
    with transaction.atomic():
        _lock(partnership)
        decision = ReviewDecision.objects.select_for_update().filter(pk=decision_id, partnership=partnership).first()
        if decision is None or decision.outcome != Outcome.DESTROY:
            raise Refused("There is no recorded decision to destroy these records.", code="no_decision")
        if decision.carried_out_at is not None or decision.case_id is None:
            raise Refused("This destruction has already been carried out.", code="done")
        case = Case.objects.select_for_update().get(pk=decision.case_id)
        rc = classes.get(decision.record_class)
        if policy.active_holds(partnership).holds(rc.key, case.pk):
            raise Refused("These records are on legal hold: they cannot be destroyed.", code="held")
        unit = policy.unit_for(partnership, rc.key, case.pk, today)
        if unit is None or unit.pending is None or unit.pending.pk != decision.pk:
            raise Refused("These records are not due for destruction.", code="not_due")
        period = policy.periods(partnership)[rc.key]
        before = classes.add_months(today, -period.total_months) if rc.trigger is classes.Trigger.CREATED else None
        files = _files(rc, case, before)
        stored = [f["name"] for f in files if f["where"] == "file store"]
        counts: Counter[str] = Counter()
        try:
            with transaction.atomic():
                if rc.whole_case:
                    counts.update(Case.objects.filter(pk=case.pk).delete()[1])
                else:
                    for spec in rc.rows:
                        counts.update(spec.for_case(case, before=before).delete()[1])
        except (ProtectedError, RestrictedError) as error:
            # Another record still needs one of these rows (a document version attached to an email
            # kept for longer): nothing is destroyed, and the page says why.
            kept = sorted(
                {type(obj)._meta.label for obj in error.protected_objects}
                if isinstance(error, ProtectedError)
                else set()
            )
            raise Refused(
                "Some of these records are still needed by other records ("
                + ", ".join(kept)
                + "): nothing was destroyed.",
                code="protected",
            ) from error
        now = timezone.now()
        certificate = DestructionCertificate.objects.create(
            partnership=partnership,
            decision=decision,
            number=f"{partnership.short_code}-D-{decision.pk:05d}",
            case_reference=decision.case_reference,
            record_class=rc.key,
            record_class_label=rc.label,
            rows={label: n for label, n in sorted(counts.items()) if n},
            files=files,
            reason=decision.reason,
            authorised_by_label=decision.decided_by_label,
            authorised_at=decision.decided_at,
            destroyed_by=acting_user,
            destroyed_by_label=_label(acting_user),
            destroyed_at=now,
            period_ended_on=decision.period_ended_on,
        )
        event = audit.record(
            actor=acting_user,
            action="retention.destroyed",
            obj=certificate,
            case=case,
            partnership_id=partnership.pk,
            after={
                "certificate": certificate.number,
                "record_class": rc.key,
                "case_reference": certificate.case_reference,
                "rows": certificate.rows,
                "files": [{"name": f["name"], "sha256": f["sha256"]} for f in files],
                "authorised_by": decision.decided_by_label,
            },
            detail={"label": f"{rc.label} of {certificate.case_reference}"},
        )
        certificate.audit_hash = event.hash
        certificate.save(update_fields=["audit_hash"])
        decision.carried_out_at = now
        decision.save(update_fields=["carried_out_at"])
        storage = Upload._meta.get_field("file").storage

        def remove_files() -> None:
            for name in stored:
                storage.delete(name)
            # Stored page parts showed the destroyed rows: they could never be served again (the
            # case's stamp has moved on), but they must not be kept either.
            fragments.forget_all()

        transaction.on_commit(remove_files)
    return certificate
