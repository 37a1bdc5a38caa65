"""The portal's access helpers, on top of ``cspr.access``.

- Agency users reach only their own agency's requests, and within a request only what it exposes
  (``agency_request_for_user``); anyone else gets 404, whether the request exists or not.
- Partnership-side users reach a case's requests through the case (``case_request_for_user``:
  404 outsiders, 403 read-only writes), and never the agency-only pages.
- Agency management pages are for the partnership's administrators and business managers.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from cspr.access import agency_scope, get_case_for_user, managed_partnership
from cspr.accounts.models import User
from cspr.audit.log import log_case_read
from cspr.cases.models import Case
from cspr.organisations.models import Agency
from cspr.portal.models import InformationRequest, RequestState, Upload


def requests_for_agency_user(user: User) -> QuerySet[InformationRequest]:
    """The requests an agency user can see: their agency's, once sent (drafts stay internal)."""
    agency_id = agency_scope(user)
    return (
        InformationRequest.objects.filter(agency_id=agency_id)
        .exclude(state=RequestState.DRAFT)
        .select_related("case__lead_partnership", "agency")
    )


def agency_request_for_user(user: User, request_id: int) -> InformationRequest:
    request = requests_for_agency_user(user).filter(pk=request_id).first()
    if request is None:
        raise Http404("No such request.")
    # The request carries the case's data (the child, the family): an agency's read is logged too.
    log_case_read(actor=user, case=request.case, obj=request)
    return request


def agency_upload_for_user(user: User, request_id: int, upload_id: int) -> Upload:
    request = agency_request_for_user(user, request_id)
    upload = request.uploads.filter(pk=upload_id).first()
    if upload is None:
        raise Http404("No such file.")
    return upload


def case_request_for_user(
    user: User, reference: str, request_id: int, *, write: bool = False
) -> tuple[Case, InformationRequest]:
    case = get_case_for_user(user, reference, write=write)
    request = (
        InformationRequest.objects.filter(case=case, pk=request_id)
        .select_related("agency", "case__lead_partnership")
        .first()
    )
    if request is None:
        raise Http404("No such request.")
    return case, request


def managed_agency(user: User, agency_id: int) -> Agency:
    partnership = managed_partnership(user)
    agency = Agency.objects.filter(partnership=partnership, pk=agency_id).first()
    if agency is None:
        raise Http404("No such agency.")
    return agency
