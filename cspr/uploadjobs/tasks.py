"""Uploads are read here, in the task worker (``manage.py db_worker``), never in a web request."""

from __future__ import annotations

from django.tasks import task

from cspr.uploadjobs import runner


@task(queue_name="default")
def read_upload(job_id: str) -> str:
    return runner.run(job_id)
