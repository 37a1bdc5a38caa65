"""The lead reviewer works a report draft in Chromium, with axe-core on every page: the LCSPR task
list → the drafts → upload a draft still naming the family → its findings, each with its place →
accept one with a reason (refused first without the detail: the GOV.UK error summary) → the
pseudonym glossary → apply it → download the publishable version, which names no one.

The publication helper extends this journey (partners approve, copies sent, published).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cspr.accounts.roles import Role
from cspr.report import docxtext
from cspr.report.models import Acceptance, Draft, Publishable
from tests.browser.harness import assert_accessible, sign_in
from tests.report.helpers import family_case, seeded_draft

pytestmark = pytest.mark.browser


def _submit(page: Any, text: str | None = None) -> None:
    button = page.get_by_role("button", name=text) if text else page.locator("main form button.govuk-button").last
    with page.expect_navigation(wait_until="domcontentloaded"):
        button.click()


def test_report_draft_journey(transactional_db: None, world: Any, live_server: Any, page: Any, tmp_path: Path) -> None:
    case = family_case(world)
    sign_in(page, live_server, world.user(Role.LEAD_REVIEWER))
    page.goto(f"{live_server.url}/lcspr/{case.reference}/")
    assert_accessible(page)
    page.get_by_role("link", name="Report drafts and checks").click()
    assert_accessible(page)
    page.get_by_role("link", name="Upload a draft").click()
    assert_accessible(page)
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "draft.docx", "mimeType": "application/octet-stream", "buffer": seeded_draft()}],
    )
    _submit(page, "Upload and check")
    assert_accessible(page)
    main = page.locator("main").inner_text()
    assert "Draft 1" in main
    for where in ("Header", "Footer", "Footnote 1", "Comment by Demo Reviewer", "Tracked change", "Property: title"):
        assert where in main
    page.locator("main a", has_text="Accept with a reason").first.click()
    assert_accessible(page)
    page.check("input[name=reason][value=not_identifying]")
    _submit(page)
    assert "Explain why this does not identify anyone" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error:")
    assert_accessible(page)
    page.fill("textarea[name=detail]", "Checked with the family (fictional)")
    _submit(page)
    assert Acceptance.objects.filter(case=case).count() == 1
    assert "Accepted findings (" in page.locator("main").inner_text()  # the same text in every part
    page.get_by_role("link", name="Check the pseudonym glossary").click()
    assert_accessible(page)
    page.get_by_label("The child (pseudonym)").fill("Robin")
    _submit(page, "Save the glossary")
    page.goto(f"{live_server.url}/report/{case.reference}/draft/1/")
    _submit(page, "Apply the glossary")
    assert_accessible(page)
    assert "Publishable version made" in page.locator("main").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the publishable version (Word)").click()
    saved = tmp_path / "publishable.docx"
    download.value.save_as(saved)
    text = " ".join(u.text for u in docxtext.units(saved.read_bytes()))
    assert "Robin" in text
    assert "Demo Child Dummyfamily" in text  # the accepted finding stays as written
    for gone in ("Demo Mother", "Demomum", "ZZ9 9ZZ", "943 476 5919", "1 April 2019", "Home Test School"):
        assert gone not in text
    assert Publishable.objects.get(draft=Draft.objects.get(case=case)).remaining == 0
