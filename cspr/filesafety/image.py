"""Images (a partnership's logo) decoded with Pillow and stored re-encoded.

The file must decode completely as a PNG or JPEG of sensible dimensions; a PNG with anything after
its end (an HTML page, a zip: a polyglot) is refused. What is stored is not the upload but the
decoded pixels written again as a PNG: no metadata (a photo's location), no trailing bytes.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

from cspr.filesafety.errors import UploadRefused

MAX_PIXELS = 16_000_000
MAX_SIDE = 8000
NOT_AN_IMAGE = "The logo must be a PNG or JPEG image"
PNG_END = b"IEND\xaeB`\x82"


def reencode_logo(data: bytes) -> bytes:
    """The logo as a clean PNG, or ``UploadRefused``."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        end = data.find(PNG_END)
        if end == -1 or data[end + len(PNG_END) :].strip(b"\0\r\n\t "):
            raise UploadRefused(NOT_AN_IMAGE)
    elif not data.startswith(b"\xff\xd8\xff"):
        raise UploadRefused(NOT_AN_IMAGE)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=("PNG", "JPEG")) as probe:
                probe.verify()
            with Image.open(io.BytesIO(data), formats=("PNG", "JPEG")) as image:
                width, height = image.size
                if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                    raise UploadRefused("The logo must be smaller than 8000 pixels on each side")
                image.load()
                clean = image.convert("RGBA" if "A" in image.getbands() or image.mode == "P" else "RGB")
        except UploadRefused:
            raise
        except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError):
            raise UploadRefused(NOT_AN_IMAGE) from None
        except Exception:  # Pillow's many errors for damaged chunks and markers: a refusal, never a 500
            raise UploadRefused(NOT_AN_IMAGE) from None
    out = io.BytesIO()
    clean.save(out, format="PNG", optimize=False)
    return out.getvalue()
