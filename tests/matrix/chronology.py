"""The chronology and genogram pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cspr.chronology.models import ChronologyEntry, ChronologyImport
from tests.matrix import Audience, Spec, case_ref
from tests.world import World


def _entry(world: World, scope: str) -> ChronologyEntry:
    case = world.cases[scope]
    agency = world.agencies["away" if scope != "own" else "own"]
    return ChronologyEntry.objects.create(
        case=case,
        agency=agency,
        date_text="12/05/2024",
        date_from=dt.date(2024, 5, 12),
        date_to=dt.date(2024, 5, 12),
        source="Matrix test record",
        key_event="A fictional event",
    )


def entry_ref(world: World, scope: str) -> dict[str, Any]:
    return {"reference": world.cases[scope].reference, "pk": _entry(world, scope).pk}


def import_ref(world: World, scope: str) -> dict[str, Any]:
    case = world.cases[scope]
    pending = ChronologyImport.objects.create(
        case=case, agency=world.agencies["own" if scope == "own" else "away"], file_kind="xlsx", rows=[]
    )
    return {"reference": case.reference, "pk": pending.pk}


def upload_job_ref(world: World, scope: str) -> dict[str, Any]:
    from cspr.accounts.roles import Role
    from cspr.chronology import upload_jobs
    from cspr.uploadjobs.models import UploadJob

    case = world.cases[scope]
    job = UploadJob.objects.create(
        purpose=upload_jobs.PURPOSE,
        user=world.user(Role.BUSINESS_MANAGER),
        target={"case": case.pk, "agency": world.agencies["own" if scope == "own" else "away"].pk},
        original_name="matrix.xlsx",
    )
    return {"reference": case.reference, "job_id": job.pk}


def template_fmt(world: World, scope: str) -> dict[str, Any]:
    return {"fmt": "xlsx"}


SPECS = {
    "chronology:blank_template": Spec(Audience.SIGNED_IN, template_fmt, note="no case data: the blank Document 10"),
    "chronology:integrated": Spec(Audience.CASE_READ, case_ref),
    "chronology:timeline_svg": Spec(Audience.CASE_READ, case_ref),
    "chronology:export_xlsx": Spec(Audience.CASE_READ, case_ref),
    "chronology:export_docx": Spec(Audience.CASE_READ, case_ref),
    "chronology:add_entry": Spec(Audience.CASE_WRITE, case_ref, post=True),
    "chronology:edit_entry": Spec(Audience.CASE_WRITE, entry_ref, post=True),
    "chronology:flag_entry": Spec(Audience.CASE_WRITE, entry_ref, post_only=True),
    "chronology:resolve_duplicate": Spec(Audience.CASE_WRITE, entry_ref, post_only=True),
    "chronology:duplicates": Spec(Audience.CASE_READ, case_ref),
    "chronology:upload": Spec(Audience.CASE_WRITE, case_ref, post=True),
    "chronology:upload_progress": Spec(Audience.CASE_WRITE, upload_job_ref, note="a return being read by the worker"),
    "chronology:preview": Spec(Audience.CASE_WRITE, import_ref, post=True),
    "chronology:review_period": Spec(Audience.CASE_WRITE, case_ref, post=True),
    "chronology:genogram": Spec(Audience.CASE_READ, case_ref),
    "chronology:genogram_png": Spec(Audience.CASE_READ, case_ref),
}
