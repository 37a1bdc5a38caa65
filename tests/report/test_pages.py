"""The report's pages as their users meet them: upload a draft (checked by ``cspr.filesafety``), see the
findings with their place, accept one with a reason (kept for later drafts, listed, never dropped),
save the glossary, make and download the publishable version; who may do what (404 / 403, forged
POSTs); fixed query counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent, EventKind
from cspr.cases.models import Case
from cspr.report import actions, docxtext, glossary, sample
from cspr.report.models import Acceptance, Draft, GlossaryEntry, Publishable, QualityMarker
from tests.report.helpers import client_for, family_case, seeded_draft, stored_draft
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Page tests do not render: the measurement has its own tests (test_exec_summary.py)."""

    def refuse() -> Callable[[bytes], bytes]:
        def convert(data: bytes) -> bytes:
            raise RuntimeError("not rendered in page tests")

        return convert

    monkeypatch.setattr(actions, "_converter", refuse)


def _upload(client: Client, case: Case, data: bytes, name: str = "draft.docx") -> Any:
    return client.post(
        reverse("report:upload", args=[case.reference]), {"file": SimpleUploadedFile(name, data)}, follow=True
    )


def test_upload_shows_the_findings_with_their_place_and_keeps_versions(world: World) -> None:
    case = family_case(world)
    reviewer = client_for(world.user(Role.LEAD_REVIEWER))
    response = _upload(reviewer, case, seeded_draft())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Draft 1" in page
    for where in ("Header", "Footer", "Footnote 1", "Comment by Demo Reviewer", "Tracked change", "Property: title"):
        assert where in page
    assert "Demo Child Dummyfamily" in page
    _upload(reviewer, case, seeded_draft())
    drafts = list(Draft.objects.filter(case=case).order_by("number"))
    assert [d.number for d in drafts] == [1, 2]
    assert drafts[1].uploaded_by == world.user(Role.LEAD_REVIEWER)
    assert AuditEvent.objects.filter(action="report.upload_draft", case_id=case.pk).count() == 2


def test_a_file_that_is_not_word_is_refused_by_the_upload_checks(world: World) -> None:
    case = family_case(world)
    manager = client_for(world.user(Role.BUSINESS_MANAGER))
    response = _upload(manager, case, b"%PDF-1.4 not a draft", "draft.pdf")
    assert response.status_code == 400
    assert "Word (.docx)" in response.content.decode()
    assert not Draft.objects.filter(case=case).exists()


def test_accepting_a_finding_needs_a_reason_and_holds_for_later_drafts(world: World) -> None:
    case = family_case(world)
    reviewer = client_for(world.user(Role.LEAD_REVIEWER))
    _upload(
        reviewer, case, sample.build(sample.Draft(blocks=[sample.Para("Met in Home Test School on 3 March 2024.")]))
    )
    draft = Draft.objects.get(case=case)
    index = next(i for i, f in enumerate(draft.findings) if f["kind"] == "full date")
    url = reverse("report:accept", args=[case.reference, 1, index])
    assert reviewer.post(url, {"reason": "not_identifying", "detail": ""}).status_code == 400
    assert not Acceptance.objects.exists()
    response = reviewer.post(url, {"reason": "not_identifying", "detail": "The date of a national report"}, follow=True)
    assert "Accepted findings (1)" in response.content.decode()
    _upload(reviewer, case, sample.build(sample.Draft(blocks=[sample.Para("Again on 3 March 2024.")])))
    page = reviewer.get(reverse("report:draft", args=[case.reference, 2])).content.decode()
    assert "Accepted findings (1)" in page
    assert "The date of a national report" in page
    assert "0 findings to resolve" in page


def test_glossary_apply_and_download_the_publishable_version(world: World) -> None:
    case = family_case(world)
    reviewer = client_for(world.user(Role.LEAD_REVIEWER))
    _upload(reviewer, case, seeded_draft())
    glossary_url = reverse("report:glossary", args=[case.reference])
    assert reviewer.get(glossary_url).status_code == 200
    rows = glossary.rows(case)
    data = {"state": actions.glossary_state(case)} | {f"r{i}": row.replacement for i, row in enumerate(rows)}
    data[f"r{next(i for i, row in enumerate(rows) if row.label == 'The child (pseudonym)')}"] = "Robin"
    assert reviewer.post(glossary_url, data).status_code == 302
    assert GlossaryEntry.objects.filter(case=case, replacement="Robin").exists()
    stale = reviewer.post(glossary_url, data)  # the same form again: the glossary moved on since
    assert stale.status_code == 400
    reviewer.post(reverse("report:publish", args=[case.reference, 1]))
    version = Publishable.objects.get(draft__case=case)
    assert version.remaining == 0
    response = reviewer.get(reverse("report:download_publishable", args=[case.reference, 1]))
    published = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    text = " ".join(u.text for u in docxtext.units(published))
    assert "Robin" in text
    assert "Dummyfamily" not in text
    assert AuditEvent.objects.filter(kind=EventKind.ACCESS, action="read.report_publishable").count() == 1


def test_quality_markers_are_answered_per_draft(world: World) -> None:
    case = family_case(world)
    draft = stored_draft(case)
    manager = client_for(world.user(Role.BUSINESS_MANAGER))
    url = reverse("report:quality", args=[case.reference, draft.number])
    assert manager.get(url).status_code == 200
    data = {"state": actions.markers_state(draft)} | {f"q{n}": "yes" for n in range(1, 8)} | {"notes3": "Clear"}
    assert manager.post(url, data).status_code == 302
    assert QualityMarker.objects.filter(draft=draft).count() == 7
    assert "Clear" in manager.get(reverse("report:draft", args=[case.reference, 1])).content.decode()


@pytest.mark.parametrize("role", [Role.AGENCY_LEAD, Role.PARTNERSHIP_ADMIN, Role.SYSTEM_ADMIN])
def test_outsiders_get_404_on_every_report_page(world: World, role: Role) -> None:
    case = family_case(world)
    stored_draft(case)
    client = client_for(world.user(role))
    for url in (
        reverse("report:index", args=[case.reference]),
        reverse("report:draft", args=[case.reference, 1]),
        reverse("report:download", args=[case.reference, 1]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("report:upload", args=[case.reference]), {}).status_code == 404


@pytest.mark.parametrize("role", [Role.SCRUTINEER, Role.AUDITOR, Role.PARTNER_LEAD, Role.CSPR_GROUP_MEMBER])
def test_readers_and_other_writers_read_but_a_forged_post_is_403_and_changes_nothing(world: World, role: Role) -> None:
    case = family_case(world)
    draft = stored_draft(case)
    client = client_for(world.user(role))
    page = client.get(reverse("report:draft", args=[case.reference, 1])).content.decode()
    assert "Accept with a reason" not in page  # no link to a page that would refuse them
    forged = {
        reverse("report:upload", args=[case.reference]): {"file": SimpleUploadedFile("d.docx", seeded_draft())},
        reverse("report:accept", args=[case.reference, 1, 0]): {"reason": "place_name"},
        reverse("report:publish", args=[case.reference, 1]): {},
        reverse("report:glossary", args=[case.reference]): {"state": "", "r0": "X"},
    }
    for url, data in forged.items():
        assert client.post(url, data).status_code == 403, url
    assert Draft.objects.filter(case=case).count() == 1
    assert not Acceptance.objects.exists()
    assert not Publishable.objects.filter(draft=draft).exists()
    assert not GlossaryEntry.objects.exists()


def test_the_actions_refuse_a_user_who_is_not_a_writer_whatever_the_page(world: World) -> None:
    case = family_case(world)
    with pytest.raises(PermissionDenied):
        actions.make_publishable(stored_draft(case), acting_user=world.user(Role.PARTNER_LEAD))


@pytest.mark.parametrize("name", ["report:index", "report:draft"])
def test_query_counts_do_not_grow_with_drafts_and_findings(world: World, name: str) -> None:
    case = family_case(world)
    client = client_for(world.user(Role.LEAD_REVIEWER))
    kwargs = {"reference": case.reference} | ({"number": 1} if name == "report:draft" else {})

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name, kwargs=kwargs)).status_code == 200
        return len(captured)

    stored_draft(case)
    count()  # the session's first request
    few = count()
    many = [dict(stored_draft(case).findings[0]) | {"text": f"Name{i}"} for i in range(40)]
    Draft.objects.filter(case=case, number=1).update(findings=many)
    for _ in range(5):
        stored_draft(case, data=seeded_draft())
    for i in range(5):
        Acceptance.objects.create(case=case, key=f"name|name{i}", kind="name", text=f"Name{i}", reason="place_name")
    assert count() == few


def test_the_lcspr_task_list_shows_the_latest_draft_to_everyone_who_reads_the_case(world: World) -> None:
    case = family_case(world)
    overview = reverse("lcspr:overview", args=[case.reference])
    scrutineer = client_for(world.user(Role.SCRUTINEER))
    assert "No draft uploaded yet" in scrutineer.get(overview).content.decode()
    stored_draft(case)
    page = scrutineer.get(overview).content.decode()
    assert "Report drafts and checks" in page
    assert "Draft 1: 1 anonymisation finding to resolve" in page
