"""Partnership settings: validated, audited, and never silently overwritten by a second editor."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cspr.accounts.roles import Role
from cspr.audit.models import AuditEvent
from cspr.organisations.forms import PartnershipSettingsForm
from cspr.organisations.models import Partnership
from tests.matrix.core import TINY_PNG
from tests.world import World


def _form_data(partnership: Partnership, **overrides: Any) -> dict[str, Any]:
    form = PartnershipSettingsForm(instance=partnership)
    data: dict[str, Any] = {}
    for name in form.Meta.fields:
        value = form.initial.get(name)
        data[name] = "" if value is None else value
    data["version"] = partnership.version
    data.update(overrides)
    return data


def _client(world: World, role: Role = Role.PARTNERSHIP_ADMIN) -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


def test_saving_settings_changes_them_and_writes_an_audit_row(world: World) -> None:
    response = _client(world).post(
        "/partnership/edit/",
        _form_data(world.home, rapid_review_anchor="referral", panel_mailbox="panel@test.invalid"),
    )
    assert response.status_code == 302
    world.home.refresh_from_db()
    assert world.home.rapid_review_anchor == "referral"
    assert world.home.version == 2
    event = AuditEvent.objects.get(action="partnership.settings_changed")
    assert event.before == {"rapid_review_anchor": "aware", "panel_mailbox": ""}
    assert event.after == {"rapid_review_anchor": "referral", "panel_mailbox": "panel@test.invalid"}


def test_a_second_editor_is_refused_and_told_what_changed(world: World) -> None:
    first, second = _client(world), _client(world, Role.BUSINESS_MANAGER)
    opened_version = world.home.version
    assert first.post("/partnership/edit/", _form_data(world.home, lcspr_months=7)).status_code == 302
    response = second.post(
        "/partnership/edit/", _form_data(world.home, version=opened_version, signature_name="Second Editor")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Someone else saved these settings while you were editing them" in body
    assert "Months to complete an LCSPR is now “7”" in body
    # What the second editor typed is kept on the page, and nothing of theirs was saved.
    assert 'value="Second Editor"' in body
    world.home.refresh_from_db()
    assert world.home.lcspr_months == 7
    assert world.home.signature_name == ""


def test_invalid_settings_show_the_error_summary_and_keep_what_was_typed(world: World) -> None:
    response = _client(world).post(
        "/partnership/edit/",
        _form_data(world.home, meeting_window_start_working_days=14, contact_email="not an email"),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "<title>Error: Change partnership settings" in body
    assert "There is a problem" in body
    assert "The latest meeting day must be the same as or after the earliest meeting day" in body
    assert 'value="not an email"' in body
    world.home.refresh_from_db()
    assert world.home.meeting_window_start_working_days == 7


def test_a_logo_must_really_be_an_image(world: World) -> None:
    fake = SimpleUploadedFile("logo.png", b"MZ\x90\x00 this is an executable", content_type="image/png")
    response = _client(world).post("/partnership/edit/", {**_form_data(world.home), "logo_upload": fake})
    assert response.status_code == 400
    assert "The logo must be a PNG or JPEG image" in response.content.decode()
    real = SimpleUploadedFile("anything.bin", TINY_PNG, content_type="application/octet-stream")
    response = _client(world).post("/partnership/edit/", {**_form_data(world.home), "logo_upload": real})
    assert response.status_code == 302
    world.home.refresh_from_db()
    assert str(world.home.logo.name).endswith(".png")
    assert _client(world).get("/partnership/logo/").status_code == 200
