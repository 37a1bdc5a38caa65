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
            # Queued, not run: the bench plays the worker, so web time and worker time are apart.
            TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}},
        ):
            stage = points.prepare(build_world())
            readers = {"attachment": stage.agency, "word_return": stage.agency, "chronology_import": stage.manager}
            timings: dict[tuple[str, str], float] = {}
            worker: dict[tuple[str, str], float] = {}
            for sample in corpus.SAMPLES:
                data = sample.make()
                for point, post in points.POINTS.items():
                    start = time.perf_counter()
                    response = post(stage, data)
                    timings[(point, sample.name)] = time.perf_counter() - start
                    if response.status_code == 302 and point in readers:
                        start = time.perf_counter()
                        _play_worker()
                        worker[(point, sample.name)] = time.perf_counter() - start
                        response = readers[point].get(response["Location"])
                    if response.status_code != 400:
                        raise RuntimeError(f"{sample.name} at {point} was not refused ({response.status_code})")
    results: dict[str, Any] = {}
    for point in points.POINTS:
        name, seconds = max(((s, t) for (p, s), t in timings.items() if p == point), key=lambda item: item[1])
        results[f"upload_corpus_max_{point}"] = {
            "value": round(seconds * 1000, 1),
            "unit": f"ms of web time (slowest of {len(corpus.SAMPLES)} hostile files: {name})",
        }
        if any(p == point for p, _ in worker):
            name, seconds = max(((s, t) for (p, s), t in worker.items() if p == point), key=lambda item: item[1])
            results[f"upload_corpus_worker_max_{point}"] = {
                "value": round(seconds * 1000, 1),
                "unit": f"ms in the task worker (slowest hostile file: {name})",
            }
    for sample in corpus.SAMPLES:
        slowest = max(timings[(point, sample.name)] for point in points.POINTS)
        key = "upload_corpus_file_" + "".join(c if c.isalnum() else "_" for c in sample.name.lower()).strip("_")
        results[key] = {"value": round(slowest * 1000, 1), "unit": "ms (slowest upload point, web time)"}
    results.update(_accepted_files())
    return results


def _play_worker() -> None:
    from cspr.uploadjobs import runner
    from cspr.uploadjobs.models import JobState, UploadJob

    for job_id in UploadJob.objects.filter(state=JobState.WAITING).values_list("pk", flat=True):
        runner.run(str(job_id))


def _accepted_files() -> dict[str, Any]:
    """Files that pass: what a genuine large upload costs to check (and, for Word, to read)."""
    import io

    import docx
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

    from cspr.filesafety import check, word_tables
    from tests.security import corpus

    writer = PdfWriter()
    for _ in range(1000):
        page = writer.add_blank_page(595, 842)
        link = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
                NameObject("/A"): DictionaryObject(
                    {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("https://www.gov.uk/")}
                ),
            }
        )
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    buffer = io.BytesIO()
    writer.write(buffer)
    pdf_data = buffer.getvalue()
    merged = corpus.merged_cell_return(300, 4)

    def read_merged() -> None:
        check.inspect(merged, frozenset({check.Kind.DOCX}))
        for table in docx.Document(io.BytesIO(merged)).tables:
            word_tables.rows(table)

    def timed(fn: Any) -> float:
        start = time.perf_counter()
        fn()
        return round((time.perf_counter() - start) * 1000, 1)

    return {
        "upload_check_pdf_1000_pages_with_links": {
            "value": timed(lambda: check.inspect(pdf_data, frozenset(check.Kind))),
            "unit": f"ms ({len(pdf_data) // 1024} KB, 2,000 objects, accepted)",
        },
        "upload_read_word_300_merged_rows": {
            "value": timed(read_merged),
            "unit": "ms (check and read every table; python-docx row.cells took 43-98 s)",
        },
    }
