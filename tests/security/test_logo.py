"""The partnership logo is decoded as an image, stored re-encoded, and the replaced file removed."""

from __future__ import annotations

import io
from pathlib import Path

from django.test import Client
from PIL import Image

from cspr.accounts.roles import Role
from cspr.organisations.models import Partnership
from tests.security import corpus, points
from tests.world import World


def _image(fmt: str, colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), colour).save(out, format=fmt)
    return out.getvalue()


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_replaced_logo_is_removed_and_what_is_stored_is_a_clean_png(
    world: World, tmp_path: Path, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    client.force_login(world.user(Role.PARTNERSHIP_ADMIN))
    stage = points.Stage(world, None, client, client, client)  # type: ignore[arg-type]

    first = points.logo(stage, _image("PNG", (200, 0, 0)))
    assert first.status_code == 302
    first_name = Partnership.objects.get(pk=world.home.pk).logo.name
    assert _files(tmp_path) == [first_name]

    # A JPEG is accepted, stored as the PNG of its pixels, and the first logo's file is gone.
    with django_capture_on_commit_callbacks(execute=True):
        second = points.logo(stage, _image("JPEG", (0, 0, 200)))
    assert second.status_code == 302
    partnership = Partnership.objects.get(pk=world.home.pk)
    assert partnership.logo.name != first_name
    assert _files(tmp_path) == [partnership.logo.name]
    stored = (tmp_path / str(partnership.logo.name)).read_bytes()
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size) == ("PNG", (40, 20))

    # A PNG with a page after its end, and a PNG header with only a page after it: refused, nothing changes.
    for data in (corpus.png_then_html(), corpus.png_header_then_html()):
        response = points.logo(stage, data)
        assert response.status_code == 400
        assert "The logo must be a PNG or JPEG image" in response.content.decode()
    assert Partnership.objects.get(pk=world.home.pk).logo.name == partnership.logo.name
    assert _files(tmp_path) == [partnership.logo.name]


def test_the_logo_is_served_as_the_stored_png(world: World) -> None:
    client = Client()
    client.force_login(world.user(Role.PARTNERSHIP_ADMIN))
    stage = points.Stage(world, None, client, client, client)  # type: ignore[arg-type]
    assert points.logo(stage, _image("JPEG", (0, 120, 0))).status_code == 302
    response = client.get("/partnership/logo/")
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert response["Content-Type"] == "image/png"
    assert body.startswith(b"\x89PNG\r\n\x1a\n")
