"""The case's document pages in a real browser: accessible, and a Word download through the POST button."""

from __future__ import annotations

import io
import re
from typing import Any

import docx
import pytest

from cspr.accounts.roles import Role
from cspr.cases.models import Case
from tests.browser.harness import assert_accessible, sign_in
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_documents_page_is_accessible_and_downloads_word(page: Any, live_server: Any, world: World, case: Case) -> None:
    sign_in(page, live_server, world.user(Role.BUSINESS_MANAGER))
    page.goto(f"{live_server.url}/cases/{case.reference}/")
    assert page.get_by_role("button", name="Download the Rapid Review pack").is_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/documents/{case.reference}/")
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(r"^Download Word\W+Rapid Review Template$")).click()
    download = info.value
    assert download.suggested_filename == f"{case.reference}_4_RAPID_REVIEW_TEMPLATE.docx"
    document = docx.Document(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115
    assert any("Ayla Brightwater" in cell.text for table in document.tables for row in table.rows for cell in row.cells)
    page.goto(f"{live_server.url}/documents/{case.reference}/")
    assert page.get_by_text("Previous versions (1)").count() >= 1
