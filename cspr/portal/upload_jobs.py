"""The agency's uploads (supporting documents and completed Word returns), read in the task worker.

The POST (``views_agency.upload``) runs only ``check.first_bytes`` and hands the bytes to
``cspr.uploadjobs``; here the worker runs the full check (``uploads.inspect``: parts, sheets, rows,
cells and merged cells counted before any parser opens the file) and the kind's Word reader under
the time limit, then saves the answers and stores the file with the portal's named actions, exactly
as the request itself used to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from cspr.portal import actions, states, uploads
from cspr.portal.kinds.base import SAVED_SECTIONS
from cspr.portal.kinds.registry import kind_for
from cspr.portal.models import InformationRequest, UploadKind
from cspr.portal.word_return import ReadBack
from cspr.uploadjobs.models import UploadJob
from cspr.uploadjobs.runner import Handler, Outcome

PURPOSE = "cspr.portal.upload_jobs.HANDLER"
NOT_WAITING = "This request is no longer waiting for an answer"


@dataclass(frozen=True)
class Parsed:
    inspected: uploads.Inspected
    readback: ReadBack | None


def allowed_for(info: InformationRequest, upload_kind: str) -> frozenset[uploads.Kind]:
    kind = kind_for(info)
    word_form = kind.word_form if kind is not None else None
    if word_form is not None and upload_kind == UploadKind.WORD_RETURN:
        return word_form.kinds
    return frozenset(uploads.Kind)


def _request(job: UploadJob) -> InformationRequest:
    info = InformationRequest.objects.select_related("case", "agency").get(pk=job.target["request"])
    if info.state not in states.EDITABLE:
        raise uploads.UploadRefused(NOT_WAITING)
    return info


def parse(job: UploadJob, data: bytes) -> Parsed:
    info = _request(job)
    upload_kind = job.target["kind"]
    inspected = uploads.inspect(data, allowed_for(info, upload_kind))
    kind = kind_for(info)
    word_form = kind.word_form if kind is not None else None
    is_return = word_form is not None and upload_kind == UploadKind.WORD_RETURN
    return Parsed(inspected, word_form.read(data, info) if word_form is not None and is_return else None)


def apply(job: UploadJob, data: bytes, parsed: Any) -> Outcome:
    assert isinstance(parsed, Parsed)
    info = _request(job)
    user = job.user
    readback = parsed.readback
    if readback is not None:
        merged = dict(readback.answers)
        merged["records"] = {
            "records_secured_on": readback.records_secured_on.isoformat() if readback.records_secured_on else "",
            "records_secured_by": readback.records_secured_by,
            "kept_separate": bool(readback.kept_separate),
        }
        # The Word form holds every section: each counts as answered on the task list.
        kind = kind_for(info)
        merged[SAVED_SECTIONS] = [s.slug for s in kind.sections_for(info)] if kind is not None else []
        try:
            actions.save_draft(info, merged, readback.tracker, acting_user=user)
        except (actions.StaleDraft, states.TransitionRefused) as error:
            raise uploads.UploadRefused(str(error)) from error
    try:
        actions.store_upload(
            info,
            kind=UploadKind(job.target["kind"]),
            data=data,
            original_name=job.original_name or "upload",
            content_type=parsed.inspected.content_type,
            acting_user=user,
        )
    except actions.UploadNotStored as error:
        raise uploads.UploadRefused(str(error.message)) from error
    if readback is None:
        return Outcome(reverse("portal:request", args=[info.pk]), "Your supporting document has been uploaded")
    return Outcome(
        reverse("portal:check", args=[info.pk]),
        "We have read your answers from the Word form. Check them before you submit",
        list(readback.problems),
    )


HANDLER = Handler(parse=parse, apply=apply)
