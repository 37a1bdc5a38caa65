"""Every change to a chronology: named, run through ``case_action`` and audited in its transaction."""

from __future__ import annotations

import datetime as dt
from typing import IO, TYPE_CHECKING, Any

from django.utils import timezone

from cspr.audit import log as audit
from cspr.cases.models import Case
from cspr.cases.transitions import case_action, not_closed, register_action
from cspr.chronology import duplicates, importer
from cspr.chronology.models import (
    ChronologyEntry,
    ChronologyImport,
    EntryOrigin,
    ImportStatus,
    ReviewPeriod,
)
from cspr.organisations.models import Agency

if TYPE_CHECKING:
    from cspr.accounts.models import User


for _name in (
    "chronology.add_entry",
    "chronology.update_entry",
    "chronology.set_key_learning_event",
    "chronology.merge_duplicate",
    "chronology.dismiss_duplicate",
    "chronology.set_review_period",
    "chronology.check_import",
    "chronology.commit_import",
    "chronology.discard_import",
):
    register_action(_name, allowed=not_closed)


def _summary(entry: ChronologyEntry) -> dict[str, Any]:
    return {
        "agency": entry.agency_id,
        "kind": entry.kind,
        "date": entry.date_text,
        "key_learning_event": entry.key_learning_event,
        "merged_into": entry.merged_into_id,
        "possible_duplicate_of": entry.possible_duplicate_of_id,
    }


def _flag_new_duplicates(case: Case, entries: list[ChronologyEntry]) -> None:
    ids = {e.pk for e in entries}
    existing = [
        duplicates.Candidate(e.pk, e.agency_id, e.date_from, e.date_to, e.key_event)
        for e in ChronologyEntry.objects.filter(case=case, merged_into__isnull=True).only(
            "id", "agency_id", "date_from", "date_to", "key_event"
        )
        if e.pk not in ids
    ]
    new = [duplicates.Candidate(e.pk, e.agency_id, e.date_from, e.date_to, e.key_event) for e in entries]
    found = duplicates.find(new, existing)
    for entry in entries:
        match = found.get(entry.pk)
        if match is not None:
            entry.possible_duplicate_of_id = int(str(match.key))
            entry.save(update_fields=["possible_duplicate_of"])


def _repeat_key(date_from: dt.date, date_to: dt.date, time: dt.time | None, text: str) -> tuple[str, str, str, str]:
    return (date_from.isoformat(), date_to.isoformat(), time.isoformat() if time else "", duplicates.normalise(text))


def _flag_repeats(case: Case, indexes: list[int], rows: list[dict[str, Any]], entries: list[ChronologyEntry]) -> None:
    """An agency's own repeats, which the cross-agency check leaves alone: a row that repeats another
    row of the same return, or an entry the agency already has (the same return imported twice).
    Flagged like any possible duplicate, so the coordinator merges or keeps it on the duplicates page."""
    if len(entries) != len(rows):
        return
    entry_at = dict(zip(indexes, entries, strict=True))
    new_ids = {e.pk for e in entries}
    earlier: dict[tuple[str, str, str, str], int] = {}
    for e in ChronologyEntry.objects.filter(
        case=case, agency_id__in={e.agency_id for e in entries}, merged_into__isnull=True
    ).only("id", "date_from", "date_to", "time", "key_event"):
        if e.pk not in new_ids:
            earlier.setdefault(_repeat_key(e.date_from, e.date_to, e.time, e.key_event), e.pk)
    for row, entry in zip(rows, entries, strict=True):
        if entry.possible_duplicate_of_id is not None:
            continue  # already flagged against another agency's entry
        repeated = entry_at.get(row["repeats"]) if "repeats" in row else None
        target = (
            repeated.pk
            if repeated is not None
            else earlier.get(_repeat_key(entry.date_from, entry.date_to, entry.time, entry.key_event))
        )
        if target is not None and target != entry.pk:
            entry.possible_duplicate_of_id = target
            entry.save(update_fields=["possible_duplicate_of"])


def add_entry(*, case: Case, acting_user: User, **fields: Any) -> ChronologyEntry:
    with case_action(case, "chronology.add_entry", acting_user=acting_user):
        entry = ChronologyEntry.objects.create(case=case, created_by=acting_user, origin=EntryOrigin.MANUAL, **fields)
        _flag_new_duplicates(case, [entry])
        audit.record(actor=acting_user, action="chronology.entry_added", obj=entry, case=case, after=_summary(entry))
    return entry


def update_entry(*, entry: ChronologyEntry, acting_user: User, **fields: Any) -> ChronologyEntry:
    with case_action(entry.case_id, "chronology.update_entry", acting_user=acting_user):
        before = _summary(entry)
        for name, value in fields.items():
            setattr(entry, name, value)
        entry.save()
        audit.record(
            actor=acting_user,
            action="chronology.entry_changed",
            obj=entry,
            case=entry.case,
            before=before,
            after=_summary(entry),
        )
    return entry


def set_key_learning_event(*, entry: ChronologyEntry, flagged: bool, acting_user: User) -> ChronologyEntry:
    with case_action(entry.case_id, "chronology.set_key_learning_event", acting_user=acting_user):
        before = _summary(entry)
        entry.key_learning_event = flagged
        entry.save(update_fields=["key_learning_event"])
        audit.record(
            actor=acting_user,
            action="chronology.key_event_flagged" if flagged else "chronology.key_event_unflagged",
            obj=entry,
            case=entry.case,
            before=before,
            after=_summary(entry),
        )
    return entry


def merge_duplicate(*, entry: ChronologyEntry, acting_user: User) -> ChronologyEntry:
    """Fold ``entry`` into the entry it duplicates: it leaves the integrated view, its agency is noted."""
    target = entry.possible_duplicate_of
    if target is None:
        raise ValueError("This entry is not flagged as a possible duplicate.")
    with case_action(entry.case_id, "chronology.merge_duplicate", acting_user=acting_user):
        before = _summary(entry)
        entry.merged_into = target
        entry.possible_duplicate_of = None
        entry.save(update_fields=["merged_into", "possible_duplicate_of"])
        note = f"Also recorded by {entry.agency.name} ({entry.source})."
        if note not in target.comment:
            target.comment = f"{target.comment}\n{note}".strip()
            target.save(update_fields=["comment"])
        audit.record(
            actor=acting_user,
            action="chronology.duplicate_merged",
            obj=entry,
            case=entry.case,
            before=before,
            after=_summary(entry),
        )
    return target


def dismiss_duplicate(*, entry: ChronologyEntry, acting_user: User) -> ChronologyEntry:
    with case_action(entry.case_id, "chronology.dismiss_duplicate", acting_user=acting_user):
        before = _summary(entry)
        entry.possible_duplicate_of = None
        entry.save(update_fields=["possible_duplicate_of"])
        audit.record(
            actor=acting_user,
            action="chronology.duplicate_dismissed",
            obj=entry,
            case=entry.case,
            before=before,
            after=_summary(entry),
        )
    return entry


def set_review_period(*, case: Case, start: dt.date | None, end: dt.date | None, acting_user: User) -> ReviewPeriod:
    with case_action(case, "chronology.set_review_period", acting_user=acting_user):
        period, _ = ReviewPeriod.objects.get_or_create(case=case)
        before = {"start": str(period.start or ""), "end": str(period.end or "")}
        period.start, period.end = start, end
        period.save()
        audit.record(
            actor=acting_user,
            action="chronology.review_period_set",
            obj=period,
            case=case,
            before=before,
            after={"start": str(start or ""), "end": str(end or "")},
        )
    return period


def check_import(
    *,
    case: Case,
    agency: Agency,
    file: IO[bytes] | bytes,
    acting_user: User,
    read: tuple[str, list[importer.RawRow]] | None = None,
) -> ChronologyImport:
    """Read and check a return; store it as a preview waiting for a person to confirm.

    ``read``: the file already read by ``importer.read_file`` (the task worker reads it under its
    time limit, ``cspr.chronology.upload_jobs``). Raises ``importer.ImportFileError`` when the file
    as a whole cannot be used.
    """
    kind, raw = read if read is not None else importer.read_file(file)
    rows = importer.check_rows(case, agency, raw, today=timezone.localdate())
    with case_action(case, "chronology.check_import", acting_user=acting_user):
        pending = ChronologyImport.objects.create(
            case=case, agency=agency, file_kind=kind, rows=rows, created_by=acting_user
        )
        audit.record(
            actor=acting_user,
            action="chronology.import_checked",
            obj=pending,
            case=case,
            after={"agency": agency.pk, "rows": len(rows), "refused": len(pending.refused)},
        )
    return pending


def _entry_from_row(pending: ChronologyImport, row: dict[str, Any], acting_user: User | None) -> ChronologyEntry:
    f = row["fields"]
    return ChronologyEntry(
        case=pending.case,
        agency=pending.agency,
        kind=f["kind"],
        date_text=f["date_text"][:60],
        precision=f["precision"],
        uncertain=f["uncertain"],
        date_from=dt.date.fromisoformat(f["date_from"]),
        date_to=dt.date.fromisoformat(f["date_to"]),
        time=dt.time.fromisoformat(f["time"]) if f["time"] else None,
        source=f["source"][:300],
        child_seen=f["child_seen"],
        child_contact=f["child_contact"],
        family_contact=f["family_contact"],
        key_event=f["key_event"],
        comment=f["comment"],
        origin=EntryOrigin.IMPORT,
        source_row=row["row"],
        created_by=acting_user,
    )


def commit_import(*, pending: ChronologyImport, acting_user: User) -> list[ChronologyEntry]:
    with case_action(pending.case_id, "chronology.commit_import", acting_user=acting_user):
        locked = ChronologyImport.objects.select_for_update().select_related("case", "agency").get(pk=pending.pk)
        if locked.status != ImportStatus.PENDING:
            raise ValueError("This import has already been dealt with.")
        accepted = [(index, row) for index, row in enumerate(locked.rows) if not row["refusals"]]
        entries = ChronologyEntry.objects.bulk_create(
            [_entry_from_row(locked, row, acting_user) for _, row in accepted]
        )
        if not all(e.pk for e in entries):  # backends without RETURNING: fetch the new rows back
            entries = list(
                ChronologyEntry.objects.filter(
                    case=locked.case, created_at__gte=locked.created_at, agency=locked.agency, origin=EntryOrigin.IMPORT
                ).order_by("id")
            )
        _flag_new_duplicates(locked.case, entries)
        _flag_repeats(locked.case, [index for index, _ in accepted], [row for _, row in accepted], entries)
        locked.status = ImportStatus.COMMITTED
        locked.committed_at = timezone.now()
        locked.save(update_fields=["status", "committed_at"])
        audit.record(
            actor=acting_user,
            action="chronology.import_committed",
            obj=locked,
            case=locked.case,
            after={"agency": locked.agency_id, "entries": len(entries), "refused": len(locked.refused)},
        )
    pending.status, pending.committed_at = locked.status, locked.committed_at
    return entries


def discard_import(*, pending: ChronologyImport, acting_user: User) -> None:
    with case_action(pending.case_id, "chronology.discard_import", acting_user=acting_user):
        pending.status = ImportStatus.DISCARDED
        pending.save(update_fields=["status"])
        audit.record(actor=acting_user, action="chronology.import_discarded", obj=pending, case=pending.case)


def import_rows(
    case: Case, agency: Agency, file: IO[bytes] | bytes, *, acting_user: User, commit: bool = True
) -> ChronologyImport:
    """The API other apps (the agency portal) call: check a return, and commit its good rows.

    With ``commit=False`` the checked return waits as a preview (``ChronologyImport``) for a
    person to confirm on the chronology pages. Raises ``importer.ImportFileError`` for an
    unusable file.
    """
    pending = check_import(case=case, agency=agency, file=file, acting_user=acting_user)
    if commit:
        commit_import(pending=pending, acting_user=acting_user)
    return pending
