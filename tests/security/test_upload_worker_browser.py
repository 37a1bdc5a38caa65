"""The progress page in Chromium: accessible (axe-core), under the real content security policy, and
it moves on by itself (its meta refresh) once the worker has read the file."""

from __future__ import annotations

from typing import Any

import pytest

from cspr.accounts.roles import Role
from cspr.portal import actions
from cspr.uploadjobs import runner
from cspr.uploadjobs.models import UploadJob
from tests.browser.harness import assert_accessible, sign_in
from tests.portal.conftest import add_family
from tests.security import corpus
from tests.world import World

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_the_agency_waits_on_an_accessible_page_that_moves_on_when_the_file_is_read(
    world: World, live_server: Any, page: Any, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    add_family(world)
    [request] = actions.send_scoping_requests(
        world.cases["own"], [world.agencies["own"]], acting_user=world.user(Role.BUSINESS_MANAGER)
    )
    sign_in(page, live_server, world.agency_users["own"])
    page.goto(f"{live_server.url}/portal/requests/{request.pk}/upload/")
    page.get_by_label("A supporting document (Word, Excel or PDF)").check()
    page.set_input_files(
        "input[name=file]", {"name": "minutes.pdf", "mimeType": "application/pdf", "buffer": corpus.plain_pdf()}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Upload file").click()
    assert page.get_by_role("heading", name="Checking your file").is_visible()
    assert_accessible(page)
    runner.run(str(UploadJob.objects.get().pk))  # the worker
    page.wait_for_url(f"{live_server.url}/portal/requests/{request.pk}/", timeout=15_000)
    assert "Your supporting document has been uploaded" in page.content()
