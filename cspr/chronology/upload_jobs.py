"""A chronology return uploaded on the chronology pages, read in the task worker.

The POST (``views.upload``) runs only ``importer.first_bytes`` and hands the bytes to
``cspr.uploadjobs``; the worker reads the file (``importer.read_file``: the shared bounded checks,
then openpyxl or python-docx) under the time limit, then ``actions.check_import`` stores the
preview, exactly as the request itself used to.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from cspr.cases.models import Case
from cspr.chronology import actions, importer
from cspr.filesafety.errors import UploadRefused
from cspr.organisations.models import Agency
from cspr.uploadjobs.models import UploadJob
from cspr.uploadjobs.runner import Handler, Outcome

PURPOSE = "cspr.chronology.upload_jobs.HANDLER"


def parse(job: UploadJob, data: bytes) -> tuple[str, list[importer.RawRow]]:
    try:
        return importer.read_file(data)
    except importer.ImportFileError as error:
        raise UploadRefused(str(error)) from error


def apply(job: UploadJob, data: bytes, parsed: Any) -> Outcome:
    case = Case.objects.get(pk=job.target["case"])
    agency = Agency.objects.get(pk=job.target["agency"])
    try:
        pending = actions.check_import(case=case, agency=agency, file=data, acting_user=job.user, read=parsed)
    except importer.ImportFileError as error:
        raise UploadRefused(str(error)) from error
    return Outcome(reverse("chronology:preview", kwargs={"reference": case.reference, "pk": pending.pk}))


HANDLER = Handler(parse=parse, apply=apply)
