"""Uploading a completed Document 10: good, uncertain, malformed and duplicate rows."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from typing import Any

import docx
import openpyxl
import pytest

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.chronology import actions, exports, importer
from cspr.chronology.models import ChronologyEntry, ChronologyImport, EntryKind, ImportStatus
from tests.world import World

pytestmark = pytest.mark.usefixtures("frozen")

KEY_ROWS = [
    # row 2: good, a real spreadsheet date cell
    [
        dt.datetime(2019, 3, 27),
        "14:30",
        "Children's social care record",
        "Seen alone by social worker",
        "Mother seen by social worker",
        "Home visit after referral",
        "Visit was timely",
    ],
    # row 3: uncertain month
    ["?May 2019", None, "GP notes", None, None, "Mother attended GP about low mood", None],
    # row 4: good, text date
    ["12/06/2019", None, "School safeguarding log", None, None, "Child arrived hungry", "Referred to DSL"],
    # row 5: malformed date
    ["31/02/2019", None, "School safeguarding log", None, None, "Child absent", None],
    # row 6: no source
    ["15/06/2019", None, None, None, None, "Strategy discussion", None],
    # row 7: out of order
    ["01/01/2019", None, "School admissions", None, None, "Child joined reception class", None],
    # row 8: the same event another agency already recorded
    ["21/06/2019", "10:00", "Police log", None, None, "Strategy discussion held with police and health", None],
    # row 9: blank, skipped
    [None, None, None, None, None, None, None],
    # row 10: contact with the child without saying whether alone
    ["25/06/2019", None, "Health visiting record", "Visited by health visitor", None, "Health review", None],
    # row 11: in the future
    ["01/01/2030", None, "School safeguarding log", None, None, "Typing slip", None],
]


def _xlsx() -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(exports.blank_xlsx()))
    for row in KEY_ROWS:
        book["Key events"].append(row)
    book["Organisational changes"].append(
        ["Autumn 2019", "HR records", "Health visiting team restructured", "Caseloads rose"]
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def existing(world: World) -> ChronologyEntry:
    return ChronologyEntry.objects.create(
        case=world.cases["own"],
        agency=world.agencies["other"],
        date_text="20/06/2019",
        date_from=dt.date(2019, 6, 20),
        date_to=dt.date(2019, 6, 20),
        source="GP record",
        key_event="Strategy discussion held with police and health",
    )


def test_template_rows_give_exactly_the_expected_entries_warnings_and_refusals(
    world: World, existing: ChronologyEntry
) -> None:
    case, agency = world.cases["own"], world.agencies["own"]
    user = world.user(Role.BUSINESS_MANAGER)
    pending = actions.check_import(case=case, agency=agency, file=_xlsx(), acting_user=user)

    by_row = {(r["sheet"], r["row"]): r for r in pending.rows}
    assert sorted(by_row) == sorted(
        [("Key events", n) for n in (2, 3, 4, 5, 6, 7, 8, 10, 11)] + [("Organisational changes", 2)]
    )
    refusals = {key: r["refusals"] for key, r in by_row.items() if r["refusals"]}
    assert refusals == {
        ("Key events", 5): ["“31/02/2019” is not a real date"],
        ("Key events", 6): ["Enter the source of information"],
        ("Key events", 11): ["The date is in the future"],
    }
    warnings = {key: r["warnings"] for key, r in by_row.items() if r["warnings"]}
    assert warnings == {
        ("Key events", 3): [
            "The date “?May 2019” is not an exact day: it is kept as written and sorted from 1 May 2019"
        ],
        ("Key events", 7): [
            "This row is dated before row 4: check the order (the integrated chronology is sorted by date whatever the order)"
        ],
        ("Key events", 8): [
            "Possibly the same event as Home Test GP’s entry dated 20/06/2019: a person can merge them after the import"
        ],
        ("Key events", 10): ["Contact with the child: say whether the child was seen alone or not"],
        ("Organisational changes", 2): [
            "The date “Autumn 2019” is not an exact day: it is kept as written and sorted from 1 September 2019"
        ],
    }
    # Nothing is in the chronology until a person confirms.
    assert ChronologyEntry.objects.filter(case=case, agency=agency).count() == 0

    entries = actions.commit_import(pending=pending, acting_user=user)
    assert len(entries) == 7
    saved = list(ChronologyEntry.objects.filter(case=case, agency=agency).order_by("source_row", "kind"))
    assert [(e.kind, e.source_row, e.date_text, e.precision, e.uncertain) for e in saved] == [
        (EntryKind.KEY_EVENT, 2, "27/03/2019", "day", False),
        (EntryKind.ORGANISATIONAL_CHANGE, 2, "Autumn 2019", "season", False),
        (EntryKind.KEY_EVENT, 3, "?May 2019", "month", True),
        (EntryKind.KEY_EVENT, 4, "12/06/2019", "day", False),
        (EntryKind.KEY_EVENT, 7, "01/01/2019", "day", False),
        (EntryKind.KEY_EVENT, 8, "21/06/2019", "day", False),
        (EntryKind.KEY_EVENT, 10, "25/06/2019", "day", False),
    ]
    first = saved[0]
    assert (first.time, first.child_seen, first.family_contact) == (
        dt.time(14, 30),
        "alone",
        "Mother seen by social worker",
    )
    duplicate = next(e for e in saved if e.source_row == 8)
    assert duplicate.possible_duplicate_of == existing
    pending.refresh_from_db()
    assert pending.status == ImportStatus.COMMITTED
    assert list(
        AuditEvent.objects.filter(case_id=case.pk, action__startswith="chronology.import").values_list(
            "action", flat=True
        )
    ) == ["chronology.import_checked", "chronology.import_committed"]
    with pytest.raises(ValueError, match="already"):
        actions.commit_import(pending=pending, acting_user=user)


def test_word_return_is_read_from_its_tables(world: World) -> None:
    document = docx.Document(io.BytesIO(exports.blank_docx()))
    table = document.tables[0]
    values = [
        "05/09/2019",
        "09:15",
        "Hospital ED record",
        "Seen with mother, not alone",
        "Mother by ED nurse",
        "Attended ED with a burn",
        "Explanation consistent",
    ]
    for cell, value in zip(table.rows[1].cells, values, strict=True):
        cell.text = value
    table.rows[2].cells[0].text = "Summer 2019"
    table.rows[2].cells[2].text = "Hospital ED record"
    table.rows[2].cells[5].text = "Missed appointment"
    out = io.BytesIO()
    document.save(out)
    pending = actions.import_rows(
        world.cases["own"], world.agencies["own"], out.getvalue(), acting_user=world.user(Role.BUSINESS_MANAGER)
    )
    assert pending.file_kind == "docx"
    entries = list(ChronologyEntry.objects.filter(case=world.cases["own"]).order_by("date_from"))
    assert [(e.date_text, e.time, e.child_seen, e.key_event) for e in entries] == [
        ("Summer 2019", None, "", "Missed appointment"),
        ("05/09/2019", dt.time(9, 15), "not_alone", "Attended ED with a burn"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a zip at all", "must be a Word document"),
        (b"PK\x03\x04broken", "must be a Word document"),
    ],
)
def test_unusable_files_are_refused_whole(content: bytes, message: str) -> None:
    with pytest.raises(importer.ImportFileError, match=message):
        importer.read_file(content)


def test_spreadsheet_without_a_chronology_table_is_refused() -> None:
    book = openpyxl.Workbook()
    book.active.append(["Name", "Address"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(importer.ImportFileError, match="no chronology table"):
        importer.read_file(out.getvalue())


def test_upload_preview_and_confirm_through_the_pages(client, world: World, existing: ChronologyEntry) -> None:
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    case = world.cases["own"]
    response = client.post(
        f"/chronology/{case.reference}/upload/",
        {"agency": world.agencies["own"].pk, "file": io.BytesIO(_xlsx())},
    )
    assert response.status_code == 302
    pending = ChronologyImport.objects.get(case=case)
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "7 can be added" in text
    assert "3 cannot be added" in text
    assert "Enter the source of information" in text
    assert client.post(response["Location"], {"decision": "commit"}).status_code == 302
    pending.refresh_from_db()
    assert pending.status == ImportStatus.COMMITTED
    assert ChronologyEntry.objects.filter(case=case, agency=world.agencies["own"]).count() == 7


def test_upload_of_a_wrong_file_shows_an_error(client, world: World) -> None:
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    case = world.cases["own"]
    response = client.post(
        f"/chronology/{case.reference}/upload/", {"agency": world.agencies["own"].pk, "file": io.BytesIO(b"hello")}
    )
    assert response.status_code == 400
    assert "must be a Word document" in response.content.decode()


def test_a_zip_bomb_is_refused_before_parsing() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (importer.MAX_UNPACKED_BYTES + 1))
    with pytest.raises(importer.ImportFileError, match="too large inside"):
        importer.read_file(out.getvalue())


def _return(rows: Sequence[Sequence[object]]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(exports.blank_xlsx()))
    for row in rows:
        book["Key events"].append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


REPEATED = [
    ["03/02/2020", "09:15", "School safeguarding log", None, None, "Child arrived with a bruise to the cheek", None],
    ["03/02/2020", "14:00", "School safeguarding log", None, None, "Referral made to children's social care", None],
    ["03/02/2020", "09:15", "School safeguarding log", None, None, "Child arrived with a bruise to the cheek.", None],
]


def test_a_repeated_row_stays_flagged_after_the_import_for_the_coordinator(world: World, client: Any) -> None:
    """Issue 16 item 7: the preview warned about a repeated row, the commit imported it, and the
    warning was gone; the repeat is now a possible duplicate until a person merges or keeps it."""
    case, agency = world.cases["own"], world.agencies["own"]
    user = world.user(Role.BUSINESS_MANAGER)
    pending = actions.check_import(case=case, agency=agency, file=_return(REPEATED), acting_user=user)
    assert pending.rows[2]["warnings"] == [
        "This row repeats row 2: it is imported flagged as a possible duplicate, for a person to merge or keep"
    ]
    actions.commit_import(pending=pending, acting_user=user)
    first, referral, repeat = ChronologyEntry.objects.filter(case=case).order_by("source_row")
    assert (first.possible_duplicate_of, referral.possible_duplicate_of) == (None, None)
    assert repeat.possible_duplicate_of == first

    client.force_login(user)
    page = client.get(f"/chronology/{case.reference}/duplicates/").content.decode()
    assert f"{agency.name}, recorded twice" in page
    client.post(f"/chronology/{case.reference}/entries/{repeat.pk}/duplicate/", {"decision": "merge"})
    repeat.refresh_from_db()
    assert repeat.merged_into == first
    assert AuditEvent.objects.filter(action="chronology.duplicate_merged").count() == 1


def test_the_same_return_imported_twice_is_flagged_entry_by_entry(world: World, client: Any) -> None:
    case, agency = world.cases["own"], world.agencies["own"]
    user = world.user(Role.BUSINESS_MANAGER)
    rows = REPEATED[:2]
    actions.commit_import(
        pending=actions.check_import(case=case, agency=agency, file=_return(rows), acting_user=user), acting_user=user
    )
    again = actions.commit_import(
        pending=actions.check_import(case=case, agency=agency, file=_return(rows), acting_user=user), acting_user=user
    )
    originals = list(ChronologyEntry.objects.filter(case=case).exclude(pk__in=[e.pk for e in again]).order_by("id"))
    assert [ChronologyEntry.objects.get(pk=e.pk).possible_duplicate_of for e in again] == originals
    # The coordinator keeps one as a separate entry: the flag goes, the entry stays.
    client.force_login(user)
    client.post(f"/chronology/{case.reference}/entries/{again[1].pk}/duplicate/", {"decision": "keep"})
    kept = ChronologyEntry.objects.get(pk=again[1].pk)
    assert (kept.possible_duplicate_of, kept.merged_into) == (None, None)
