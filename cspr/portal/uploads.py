"""The portal's upload check: ``cspr.filesafety.check`` (shared with the chronology import).

Kept as the portal's entry point so its callers read ``uploads.inspect(data, allowed)``.
"""

from __future__ import annotations

from cspr.filesafety.check import MAX_UPLOAD_BYTES, Inspected, Kind, allowed_words, inspect
from cspr.filesafety.errors import UploadRefused

__all__ = ["MAX_UPLOAD_BYTES", "Inspected", "Kind", "UploadRefused", "allowed_words", "inspect"]
