"""Web time of every hostile sample at every upload point (issue 16: "no request over a second").

Each sample of the corpus (``tests/security/corpus.py``, the same files the tests refuse) is posted
through the real pages with Django's test client, against the bench's throwaway database, and
timed from request to response. Reported per point: the slowest file and its time; and per file,
its slowest point. A development tool: it imports the test fixtures, so it runs from a checkout.
"""

from __future__ import annotations

import tempfile
import time
from typing import Any

from django.test.utils import override_settings


def run() -> dict[str, Any]:
    from tests.security import corpus, points
    from tests.world import build_world

    with tempfile.TemporaryDirectory(prefix="cspr-bench-files-") as files:
        storage = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": files}}
        with override_settings(
            MEDIA_ROOT=files,
            STORAGES={
                "default": storage,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            ALLOWED_HOSTS=["testserver"],
        ):
            stage = points.prepare(build_world())
            timings: dict[tuple[str, str], float] = {}
            for sample in corpus.SAMPLES:
                data = sample.make()
                for point, post in points.POINTS.items():
                    start = time.perf_counter()
                    response = post(stage, data)
                    timings[(point, sample.name)] = time.perf_counter() - start
                    if response.status_code != 400:
                        raise RuntimeError(f"{sample.name} at {point} was not refused ({response.status_code})")
    results: dict[str, Any] = {}
    for point in points.POINTS:
        name, seconds = max(((s, t) for (p, s), t in timings.items() if p == point), key=lambda item: item[1])
        results[f"upload_corpus_max_{point}"] = {
            "value": round(seconds * 1000, 1),
            "unit": f"ms (slowest of {len(corpus.SAMPLES)} hostile files: {name})",
        }
    for sample in corpus.SAMPLES:
        slowest = max(timings[(point, sample.name)] for point in points.POINTS)
        key = "upload_corpus_file_" + "".join(c if c.isalnum() else "_" for c in sample.name.lower()).strip("_")
        results[key] = {"value": round(slowest * 1000, 1), "unit": "ms (slowest upload point, web time)"}
    return results
