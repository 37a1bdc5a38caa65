"""The integrated chronology page, its filters, flags, exports, and what other apps see."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.chronology import integration, palette
from cspr.chronology.dates import parse_date
from cspr.chronology.models import ChronologyEntry, EntryKind
from cspr.organisations.models import Agency, AgencyType
from tests.world import World

pytestmark = pytest.mark.usefixtures("frozen")


def make_entries(world: World, n: int, agencies: list[Agency] | None = None) -> list[ChronologyEntry]:
    case = world.cases["own"]
    agencies = agencies or [world.agencies["own"], world.agencies["other"]]
    start = dt.date(2019, 1, 1)
    return ChronologyEntry.objects.bulk_create(
        ChronologyEntry(
            case=case,
            agency=agencies[i % len(agencies)],
            date_text=f"{start + dt.timedelta(days=i):%d/%m/%Y}",
            date_from=start + dt.timedelta(days=i),
            date_to=start + dt.timedelta(days=i),
            source=f"Record {i}",
            key_event=f"Event number {i}",
            key_learning_event=(i % 7 == 0),
        )
        for i in range(n)
    )


def _url(world: World, suffix: str = "") -> str:
    return f"/chronology/{world.cases['own'].reference}/{suffix}"


def test_entries_are_merged_in_date_and_time_order_with_agency_labels(client, world: World) -> None:
    case = world.cases["own"]
    school, gp = world.agencies["own"], world.agencies["other"]

    def add(agency: Agency, text: str, time: dt.time | None, event: str) -> None:
        when = parse_date(text)
        ChronologyEntry.objects.create(
            case=case,
            agency=agency,
            date_text=text,
            date_from=when.date_from,
            date_to=when.date_to,
            precision=when.precision,
            uncertain=when.uncertain,
            time=time,
            source="Record",
            key_event=event,
        )

    add(school, "12/05/2016", dt.time(15, 0), "Afternoon event")
    add(gp, "?May 2016", None, "Vague event")
    add(gp, "12/05/2016", dt.time(9, 0), "Morning event")
    add(school, "2015", None, "Year event")
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    text = client.get(_url(world)).content.decode()
    order = [text.index(e) for e in ("Year event", "Vague event", "Morning event", "Afternoon event")]
    assert order == sorted(order)
    assert "Month (uncertain)" in text
    assert "cspr-agency-0" in text
    assert "cspr-agency-1" in text
    assert "<strong>Home Test GP</strong>" in text  # never colour alone
    [read] = AuditEvent.objects.filter(kind="access", case_id=case.pk)
    assert (read.action, read.detail["page"]) == ("read.case", "chronology:integrated")


def test_filters_by_agency_period_and_flag(client, world: World) -> None:
    make_entries(world, 30)
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    gp = world.agencies["other"]
    text = client.get(_url(world), {"agency": gp.pk}).content.decode()
    assert "Event number 1\n" in text
    assert "Event number 2\n" not in text
    text = client.get(_url(world), {"after": "05/01/2019", "before": "06/01/2019"}).content.decode()
    assert "Entries (2)" in text
    text = client.get(_url(world), {"show": "key"}).content.decode()
    assert "Entries (5)" in text  # 0, 7, 14, 21, 28
    text = client.get(_url(world), {"after": "31/02/2019"}).content.decode()
    assert "is not a real date" in text


def test_review_period_marks_entries_outside(client, world: World) -> None:
    make_entries(world, 10)
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    response = client.post(
        _url(world, "review-period/"),
        {
            "start-day": "3",
            "start-month": "1",
            "start-year": "2019",
            "end-day": "5",
            "end-month": "1",
            "end-year": "2019",
        },
    )
    assert response.status_code == 302
    text = client.get(_url(world)).content.decode()
    assert text.count("Outside the review period") == 7
    assert "Review period" in client.get(_url(world, "timeline.svg")).content.decode()
    assert "Entries (3)" in client.get(_url(world), {"period": "on"}).content.decode()
    bad = client.post(
        _url(world, "review-period/"),
        {
            "start-day": "3",
            "start-month": "1",
            "start-year": "2020",
            "end-day": "5",
            "end-month": "1",
            "end-year": "2019",
        },
    )
    assert bad.status_code == 400


def test_flagging_a_key_practice_learning_event_is_audited_and_shared(client, world: World) -> None:
    first, entry = make_entries(world, 2)
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    assert client.post(_url(world, f"entries/{entry.pk}/flag/"), {"flagged": "1"}).status_code == 302
    entry.refresh_from_db()
    assert entry.key_learning_event
    assert AuditEvent.objects.filter(action="chronology.key_event_flagged", object_id=str(entry.pk)).exists()
    assert [e.pk for e in integration.flagged_events(world.cases["own"])] == [first.pk, entry.pk]
    client.post(_url(world, f"entries/{entry.pk}/flag/"), {"flagged": "0"})
    entry.refresh_from_db()
    assert not entry.key_learning_event
    assert AuditEvent.objects.filter(action="chronology.key_event_unflagged").count() == 1
    # Read-only roles cannot flag.
    client.force_login(world.user(Role.AUDITOR))
    assert client.post(_url(world, f"entries/{entry.pk}/flag/"), {"flagged": "1"}).status_code == 403


def test_adding_an_entry_by_hand(client, world: World) -> None:
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    assert client.get(_url(world, "entries/add/")).status_code == 200
    empty = client.post(_url(world, "entries/add/"), {})
    assert empty.status_code == 400
    body = empty.content.decode()
    assert "Enter the date" in body
    assert "Enter the source of information" in body
    assert "Error: " in body
    response = client.post(
        _url(world, "entries/add/"),
        {
            "agency": world.agencies["own"].pk,
            "kind": EntryKind.KEY_EVENT,
            "date_text": "Spring 2019",
            "source": "School log",
            "child_seen": "alone",
            "child_contact": "By teacher",
            "key_event": "Disclosure to teacher",
        },
    )
    assert response.status_code == 302
    entry = ChronologyEntry.objects.get(case=world.cases["own"])
    assert (entry.precision, entry.date_from, entry.child_seen) == ("season", dt.date(2019, 3, 1), "alone")
    assert AuditEvent.objects.filter(action="chronology.entry_added").count() == 1


def test_duplicates_across_agencies_are_flagged_then_merged_or_dismissed(client, world: World) -> None:
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    base = {"kind": EntryKind.KEY_EVENT, "source": "Record", "key_event": "Strategy discussion held about the children"}
    client.post(_url(world, "entries/add/"), {**base, "agency": world.agencies["own"].pk, "date_text": "10/03/2020"})
    client.post(
        _url(world, "entries/add/"),
        {
            **base,
            "agency": world.agencies["other"].pk,
            "date_text": "11/03/2020",
            "key_event": "Strategy discussion held about the two children",
        },
    )
    client.post(_url(world, "entries/add/"), {**base, "agency": world.agencies["other"].pk, "date_text": "10/03/2021"})
    first, second, third = ChronologyEntry.objects.order_by("id")
    assert (second.possible_duplicate_of, third.possible_duplicate_of) == (first, None)
    assert "Strategy discussion held about the two children" in client.get(_url(world, "duplicates/")).content.decode()
    client.post(_url(world, f"entries/{second.pk}/duplicate/"), {"decision": "merge"})
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.merged_into == first
    assert "Also recorded by Home Test GP" in first.comment
    assert "Entries (2)" in client.get(_url(world)).content.decode()
    assert AuditEvent.objects.filter(action="chronology.duplicate_merged").count() == 1


def test_page_query_count_stays_constant_as_entries_grow(client, world: World) -> None:
    agencies = [
        Agency.objects.create(partnership=world.home, name=f"Agency {i:02}", agency_type=AgencyType.OTHER)
        for i in range(15)
    ]
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    make_entries(world, 20, agencies)
    client.get(_url(world))  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        assert client.get(_url(world)).status_code == 200
    make_entries(world, 400, agencies)
    with CaptureQueriesContext(connection) as large:
        assert client.get(_url(world)).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_page_query_count_has_a_ceiling(client, world: World, django_assert_max_num_queries) -> None:
    make_entries(world, 100)
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    client.get(_url(world))
    with django_assert_max_num_queries(25):
        client.get(_url(world))


def test_xlsx_export_has_agency_colours_and_is_logged(client, world: World) -> None:
    make_entries(world, 6)
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    response = client.get(_url(world, "export.xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3))
    assert len(rows) == 6
    assert rows[0][3].value == "Home Test School"
    assert rows[0][0].fill.fgColor.rgb.endswith(palette.TINT[1].lstrip("#").upper()) or rows[0][
        0
    ].fill.fgColor.rgb.endswith(palette.TINT[0].lstrip("#").upper())
    assert rows[0][0].fill.fgColor.rgb != rows[1][0].fill.fgColor.rgb
    assert AuditEvent.objects.filter(action="read.export", case_id=world.cases["own"].pk).count() == 1


@pytest.mark.parametrize("export", ["export.xlsx", "export.docx"])
@pytest.mark.parametrize("query", [{"period": "*)(uid=*))(|(uid=*"}, {"after": "*"}, {"show": "everything"}])
def test_an_export_with_invalid_filters_is_refused_with_the_errors_not_made_without_them(
    client, world: World, export: str, query: dict[str, str]
) -> None:
    """Before, an invalid filter was dropped and the whole chronology exported (and wapiti read the
    varying bytes of those files as an injection): now the person is told, and nothing is handed over."""
    make_entries(world, 3)
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    response = client.get(_url(world, export), query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "The export was not made" in body
    assert not AuditEvent.objects.filter(action="read.export", case_id=world.cases["own"].pk).exists()
    # The same refusal whatever was typed: the page does not vary with the payload.
    other = client.get(_url(world, export), {key: value + "x" for key, value in query.items()})
    assert other.status_code == 400


def test_docx_export_uses_the_document_10_columns(client, world: World) -> None:
    make_entries(world, 3)
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    response = client.get(_url(world, "export.docx"))
    document = docx.Document(io.BytesIO(response.content))
    header = [c.text for c in document.tables[0].rows[0].cells]
    assert header[1:8] == [
        "Date presented as (DD/MM/YYYY)",
        "Time",
        "Source of Information",
        "Contact with the child/young person (state whether they were seen alone or not) and by whom",
        "Contact with family member (state which family member) and by whom",
        "Key Event/Action Undertaken",
        "Comment and Analysis, including potential areas for learning",
    ]
    assert len(document.tables[0].rows) == 4


def test_timeline_chart_is_an_svg_image_with_a_table(client, world: World) -> None:
    make_entries(world, 12)
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    chart = client.get(_url(world, "timeline.svg"))
    assert chart["Content-Type"] == "image/svg+xml"
    body = chart.content.decode()
    assert "<script" not in body
    assert "Home Test GP" in body
    page = client.get(_url(world)).content.decode()
    assert "Agency involvement (the chart as a table)" in page


def test_blank_templates_download_for_any_signed_in_user(client, world: World) -> None:
    client.force_login(world.agency_users["own"])
    xlsx = client.get("/chronology/template.xlsx")
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).sheetnames == [
        "Key events",
        "Organisational changes",
        "Guidance",
    ]
    assert client.get("/chronology/template.docx").status_code == 200
    assert client.get("/chronology/template.pdf").status_code == 404


def test_case_page_links_to_the_chronology_and_genogram(client, world: World) -> None:
    make_entries(world, 3)
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    text = client.get(f"/cases/{world.cases['own'].reference}/").content.decode()
    assert "Chronology and genogram" in text
    assert "3 entries from 2 agencies" in text


def test_document_context_supplies_the_genogram_and_rows(world: World) -> None:
    make_entries(world, 2)
    png = integration.genogram_context(world.cases["own"])["genogram_png"]
    assert png is not None
    assert png.startswith(b"\x89PNG")
    rows = integration.chronology_context(world.cases["own"])["chronology_rows"]
    assert [r["key_event"] for r in rows] == ["Event number 0", "Event number 1"]


def test_palette_css_file_matches_the_palette_and_tints_pass_aa() -> None:
    css = (Path(__file__).resolve().parents[2] / "cspr/static/chronology/chronology.css").read_text()
    assert css == palette.css()
    assert all(palette.contrast(tint, "#0b0c0c") >= 4.5 for tint in palette.TINT)
    assert all(palette.contrast(strong, "#ffffff") >= 3 for strong in palette.STRONG)


def test_changing_an_entry_is_audited(client, world: World) -> None:
    entry = make_entries(world, 1)[0]
    client.force_login(world.user(Role.BUSINESS_MANAGER))
    form = client.get(_url(world, f"entries/{entry.pk}/")).content.decode()
    assert "Change a chronology entry" in form
    assert 'value="01/01/2019"' in form
    response = client.post(
        _url(world, f"entries/{entry.pk}/"),
        {
            "agency": entry.agency_id,
            "kind": EntryKind.KEY_EVENT,
            "date_text": "?June 2019",
            "source": "Corrected record",
            "key_event": "Corrected event",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.date_text, entry.precision, entry.uncertain, entry.key_event) == (
        "?June 2019",
        "month",
        True,
        "Corrected event",
    )
    event = AuditEvent.objects.get(action="chronology.entry_changed")
    assert (event.before["date"], event.after["date"]) == ("01/01/2019", "?June 2019")


def test_the_agency_table_and_legend_count_what_the_entries_say(world: World) -> None:
    """The per-agency table (grouped on the entries, then named) and the legend's agencies (a skip
    scan of the index) against the entries themselves: merged duplicates are left out of the table,
    and an agency whose only entry was merged is still in the legend."""
    from cspr.chronology import queries

    case = world.cases["own"]
    school, gp = world.agencies["own"], world.agencies["other"]
    police = Agency.objects.create(partnership=world.home, name="Alpha Test Police", agency_type=AgencyType.POLICE)
    entries = make_entries(world, 10)  # school: 0, 2, 4, 6, 8 (0 flagged); GP: 1, 3, 5, 7, 9 (7 flagged)
    merged = make_entries(world, 1, [police])[0]
    ChronologyEntry.objects.filter(pk=merged.pk).update(merged_into=entries[0])
    ChronologyEntry.objects.filter(pk=entries[8].pk).update(merged_into=entries[6])
    assert [a.name for a in queries.agencies_in(case)] == ["Alpha Test Police", gp.name, school.name]
    summary = queries.involvement_summary(case)
    assert summary == queries.involvement_summary(case, queries.agencies_in(case))
    assert [(r["name"], r["count"], r["first"], r["last"], r["flagged"]) for r in summary] == [
        (gp.name, 5, dt.date(2019, 1, 2), dt.date(2019, 1, 10), 1),
        (school.name, 4, dt.date(2019, 1, 1), dt.date(2019, 1, 7), 1),
    ]
