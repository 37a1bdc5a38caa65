"""The agency portal's pages.

Agency pages (Audience.AGENCY): scope "own" is a request to the agency user's own agency; "other"
is another agency's request on the same case, "collab" another partnership's agency's request.
Coordinator pages (CASE_READ / CASE_WRITE): the request belongs to the world's case in that scope.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.portal.invitations import invite_agency_lead, token_for
from cspr.portal.models import (
    CorrectionStatus,
    DisclosureRequest,
    FamilyCorrection,
    InformationRequest,
    Invitation,
    RequestState,
    RequestType,
    StaffInterview,
    Upload,
    UploadKind,
)
from tests.matrix import Audience, Spec, case_ref
from tests.world import World

_AGENCY_FOR_SCOPE = {"own": ("own", "own"), "other": ("own", "other"), "collab": ("collab", "away")}


def _request(world: World, case_scope: str, agency_key: str, state: str = RequestState.OPENED) -> InformationRequest:
    request, _ = InformationRequest.objects.get_or_create(
        case=world.cases[case_scope],
        agency=world.agencies[agency_key],
        request_type=RequestType.SCOPING,
        defaults={"state": state, "due_date": world.cases[case_scope].referral_received_date},
    )
    return request


def agency_request(world: World, scope: str) -> dict[str, Any]:
    case_scope, agency_key = _AGENCY_FOR_SCOPE[scope]
    return {"request_id": _request(world, case_scope, agency_key).pk}


def agency_upload_job(world: World, scope: str) -> dict[str, Any]:
    from cspr.portal import upload_jobs
    from cspr.uploadjobs.models import UploadJob

    kwargs = agency_request(world, scope)
    job = UploadJob.objects.create(
        purpose=upload_jobs.PURPOSE,
        user=world.agency_users["own"],
        target={"request": kwargs["request_id"], "kind": UploadKind.ATTACHMENT},
        original_name="matrix.pdf",
    )
    return {**kwargs, "job_id": job.pk}


def agency_section(world: World, scope: str) -> dict[str, Any]:
    return {**agency_request(world, scope), "section": "contact"}


def kind_collated(world: World, scope: str) -> dict[str, Any]:
    return {**case_ref(world, scope), "kind": RequestType.SCOPING.value}


def agency_document(world: World, scope: str) -> dict[str, Any]:
    return {**agency_request(world, scope), "kind": "letter"}


def _upload(request: InformationRequest) -> Upload:
    upload = request.uploads.first()
    if upload is None:
        upload = Upload(
            request=request,
            kind=UploadKind.ATTACHMENT,
            original_name="x.pdf",
            content_type="application/pdf",
            size=9,
            sha256="0" * 64,
        )
        upload.file.save(f"matrix/{request.pk}.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return upload


def agency_download(world: World, scope: str) -> dict[str, Any]:
    case_scope, agency_key = _AGENCY_FOR_SCOPE[scope]
    request = _request(world, case_scope, agency_key)
    return {"request_id": request.pk, "upload_id": _upload(request).pk}


def case_request(world: World, scope: str) -> dict[str, Any]:
    # A different agency from the agency pages' own request, so a review here cannot change that one.
    agency_key = {"own": "other", "other": "away", "collab": "away"}[scope]
    return {"reference": world.cases[scope].reference, "request_id": _request(world, scope, agency_key).pk}


def case_returned(world: World, scope: str) -> dict[str, Any]:
    kwargs = case_request(world, scope)
    InformationRequest.objects.filter(pk=kwargs["request_id"]).update(state=RequestState.SUBMITTED)
    return kwargs


def case_document(world: World, scope: str) -> dict[str, Any]:
    return {**case_request(world, scope), "kind": "form"}


def case_download(world: World, scope: str) -> dict[str, Any]:
    kwargs = case_request(world, scope)
    request = InformationRequest.objects.get(pk=kwargs["request_id"])
    return {**kwargs, "upload_id": _upload(request).pk}


def case_correction(world: World, scope: str) -> dict[str, Any]:
    kwargs = case_request(world, scope)
    request = InformationRequest.objects.get(pk=kwargs["request_id"])
    person = request.case.people.first()
    correction, _ = FamilyCorrection.objects.get_or_create(
        request=request,
        person=person,
        field="ethnicity",
        defaults={"proposed_value": "Matrix", "status": CorrectionStatus.PROPOSED},
    )
    return {**kwargs, "correction_id": correction.pk}


def _report(world: World, scope: str) -> InformationRequest:
    case_scope, agency_key = _AGENCY_FOR_SCOPE[scope]
    request, _ = InformationRequest.objects.get_or_create(
        case=world.cases[case_scope],
        agency=world.agencies[agency_key],
        request_type=RequestType.INFORMATION_REPORT,
        defaults={"state": RequestState.OPENED, "due_date": world.cases[case_scope].referral_received_date},
    )
    return request


def agency_report(world: World, scope: str) -> dict[str, Any]:
    return {"request_id": _report(world, scope).pk}


def agency_interview(world: World, scope: str) -> dict[str, Any]:
    request = _report(world, scope)
    day = request.case.referral_received_date
    assert day is not None
    interview, _ = StaffInterview.objects.get_or_create(
        request=request, defaults={"staff_role": "Matrix", "notice_given_on": day, "interviewed_on": day}
    )
    return {"request_id": request.pk, "interview_id": interview.pk}


def send_kind(world: World, scope: str) -> dict[str, Any]:
    return {**case_ref(world, scope), "kind": RequestType.CHRONOLOGY.value}


def case_disclosure(world: World, scope: str) -> dict[str, Any]:
    case = world.cases[scope]
    assert case.referral_received_date is not None
    found, _ = DisclosureRequest.objects.get_or_create(
        case=case,
        agency=world.agencies["own" if scope == "own" else "away"],
        defaults={
            "requested_by": "police",
            "requester_name": "Matrix Officer",
            "requester_email": "officer@test.invalid",
            "requested_on": case.referral_received_date,
            "documents_sought": "The chronology",
        },
    )
    return {**case_ref(world, scope), "disclosure_id": found.pk}


def home_agency(world: World, scope: str) -> dict[str, Any]:
    return {"agency_id": world.agencies["own"].pk}


def home_agency_lead(world: World, scope: str) -> dict[str, Any]:
    # Another lead of the same agency each time, so the matrix's POSTs never disable the world's own lead.
    from tests.world import make_user

    lead = make_user(
        f"matrix.lead.{User.objects.count()}@test.invalid",
        Role.AGENCY_LEAD,
        agency=world.agencies["own"],
        with_mfa=False,
    )
    return {"agency_id": world.agencies["own"].pk, "user_id": lead.pk}


def invitation_token(world: World, scope: str) -> dict[str, Any]:
    invitation = Invitation.objects.filter(email=f"matrix.{scope}@test.invalid").first()
    if invitation is None:
        with transaction.atomic():
            invitation = invite_agency_lead(
                world.agencies["own"],
                email=f"matrix.{scope}@test.invalid",
                full_name="Matrix Invitee",
                acting_user=world.users[Role.BUSINESS_MANAGER],
            )
    return {"token": token_for(invitation)}


SPECS = {
    "portal:home": Spec(Audience.AGENCY_HOME),
    "portal:request": Spec(Audience.AGENCY, agency_request),
    "portal:answer": Spec(Audience.AGENCY, agency_request),
    "portal:answer_section": Spec(Audience.AGENCY, agency_section, post=True),
    "portal:check": Spec(Audience.AGENCY, agency_request, post=True),
    "portal:no_involvement": Spec(Audience.AGENCY, agency_request, post=True),
    "portal:upload": Spec(Audience.AGENCY, agency_request, post=True),
    "portal:upload_progress": Spec(Audience.AGENCY, agency_upload_job, note="an upload being read by the worker"),
    "portal:document": Spec(Audience.AGENCY, agency_document),
    "portal:download": Spec(Audience.AGENCY, agency_download),
    "portal:interviews": Spec(Audience.AGENCY, agency_report, post=True),
    "portal:interview": Spec(Audience.AGENCY, agency_interview, post=True),
    "portal:case_requests": Spec(Audience.CASE_READ, case_ref),
    "portal:send_kind": Spec(Audience.CASE_WRITE, send_kind, post=True),
    "portal:disclosures": Spec(Audience.CASE_READ, case_ref),
    "portal:new_disclosure": Spec(Audience.CASE_WRITE, case_ref, post=True),
    "portal:answer_disclosure": Spec(Audience.CASE_WRITE, case_disclosure, post_only=True),
    "portal:send_scoping": Spec(Audience.CASE_WRITE, case_ref, post=True),
    "portal:collated": Spec(Audience.CASE_READ, case_ref),
    "portal:kind_collated": Spec(Audience.CASE_READ, kind_collated),
    "portal:tracker": Spec(Audience.CASE_READ, case_ref),
    "portal:case_request": Spec(Audience.CASE_READ, case_request),
    "portal:review": Spec(Audience.CASE_WRITE, case_returned, post=True),
    "portal:correction": Spec(Audience.CASE_WRITE, case_correction, post_only=True),
    "portal:escalate": Spec(Audience.CASE_WRITE, case_request, post=True),
    "portal:case_document": Spec(Audience.CASE_READ, case_document),
    "portal:case_download": Spec(Audience.CASE_READ, case_download),
    "portal:agencies": Spec(Audience.MANAGE),
    "portal:agency": Spec(Audience.MANAGE, home_agency, post=True),
    "portal:invite": Spec(Audience.MANAGE, home_agency, post=True),
    "portal:disable_lead": Spec(Audience.MANAGE, home_agency_lead, post_only=True),
    "portal:invitation": Spec(Audience.PUBLIC, invitation_token),
}
