"""Reading an upload in the task worker, under a time limit.

An upload point gives a ``Handler``: ``parse`` reads the bytes (the bounded counts of
``cspr.filesafety.check.inspect`` first, then python-docx or openpyxl) and writes nothing; it runs
under ``settings.UPLOAD_PARSE_SECONDS`` of wall time, enforced with ``SIGALRM`` in the worker's main
thread (``db_worker`` runs each task there). ``apply`` then calls the upload point's named action
(outside the limit, so a transaction is never interrupted) and returns what the progress page shows
next. Either may raise ``UploadRefused``: the job is refused with that message and its bytes cleared.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.module_loading import import_string

from cspr.filesafety.errors import UploadRefused
from cspr.uploadjobs.models import JobState, UploadJob

logger = logging.getLogger(__name__)

TOO_SLOW = (
    "The selected file took too long to read. Save it again from Word or Excel with fewer tables, "
    "rows or merged cells, then upload it again"
)
NOT_READ = "The selected file could not be read. Save it again from Word or Excel, then upload it again"


@dataclass(frozen=True)
class Outcome:
    """Where the person goes once the file is read, and what the page tells them."""

    next_url: str
    success: str = ""
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"next": self.next_url, "success": self.success, "warnings": list(self.warnings)}


@dataclass(frozen=True)
class Handler:
    parse: Callable[[UploadJob, bytes], Any]
    apply: Callable[[UploadJob, bytes, Any], Outcome]


class TooSlow(BaseException):
    """The time limit ran out inside a parser."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``TooSlow`` in this thread after ``seconds`` of wall time (main thread only: elsewhere,
    as under a threaded test server, the bounded counts are the only limit, and that is logged)."""
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        logger.warning("Upload read without a time limit (not the main thread, or no limit set)")
        yield
        return

    # The alarm may be delivered to any thread and is run by Python in the main thread at the next
    # bytecode, so blocking the signal around a query is not enough: a query in flight is marked,
    # the handler only notes the expiry there, and the limit is raised once the query has returned.
    # Raised inside the driver, it leaves the connection mid-command ("another command is already
    # in progress" on PostgreSQL).
    state = _Limit()

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        if state.queries:
            state.expired = True
            return
        raise TooSlow

    def hold_inside_a_query(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        state.queries += 1
        try:
            result = execute(sql, params, many, context)
        finally:
            state.queries -= 1
        if state.expired and not state.queries:
            raise TooSlow
        return result

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        with connection.execute_wrapper(hold_inside_a_query):
            yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class _Limit:
    queries: int = 0
    expired: bool = False


def handler_for(job: UploadJob) -> Handler:
    if not job.purpose.startswith("cspr.") or not job.purpose.endswith(".HANDLER"):
        raise ValueError(f"Not an upload handler: {job.purpose}")
    found = import_string(job.purpose)
    if not isinstance(found, Handler):
        raise ValueError(f"Not an upload handler: {job.purpose}")
    return found


def run(job_id: str) -> str:
    """Read one waiting job; returns its new state (or ``"gone"``). Safe to run twice."""
    job = UploadJob.objects.select_related("user").filter(pk=job_id, state=JobState.WAITING).first()
    if job is None:
        return "gone"
    handler = handler_for(job)
    data = bytes(job.data)
    try:
        with time_limit(settings.UPLOAD_PARSE_SECONDS):
            parsed = handler.parse(job, data)
        outcome = handler.apply(job, data, parsed)
    except TooSlow:
        logger.info("Upload job %s refused: over %ss", job.pk, settings.UPLOAD_PARSE_SECONDS)
        return _finish(job, JobState.REFUSED, message=TOO_SLOW)
    except UploadRefused as refused:
        return _finish(job, JobState.REFUSED, message=refused.message)
    except Exception:
        logger.exception("Upload job %s failed", job.pk)
        return _finish(job, JobState.REFUSED, message=NOT_READ)
    return _finish(job, JobState.DONE, outcome=outcome.as_json())


def _finish(job: UploadJob, state: str, *, message: str = "", outcome: dict[str, Any] | None = None) -> str:
    UploadJob.objects.filter(pk=job.pk, state=JobState.WAITING).update(
        state=state, message=message, outcome=outcome or {}, data=b"", finished_at=timezone.now()
    )
    return state
