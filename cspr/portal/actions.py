"""Named, audited actions on information requests. Each takes ``*, acting_user``, runs inside
``cspr.cases.transitions.case_action`` (the case row locked, the rule registered below checked on it),
moves the request through ``cspr.portal.states.TRANSITIONS`` and writes a ``RequestEvent`` and an
audit row; emails leave on commit.

``send_scoping_requests`` is the one way scoping requests go out (rules 20-22, C5), from the
portal's send page and the Rapid Review page alike: it reaches the case's "scoping sent" milestone,
and every request's return date is counted from that milestone, as the case's deadline is.
Escalation and invitations live in ``cspr.portal.escalation`` and ``cspr.portal.invitations``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.utils import timezone

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.audit import log as audit
from cspr.cases import actions as case_actions
from cspr.cases.models import AgencyInvolvement, Case, PersonRole
from cspr.cases.transitions import ActionRefused, case_action, not_closed, not_reached, register_action
from cspr.organisations.models import Agency
from cspr.outbox import api as outbox
from cspr.outbox.kinds import MailKind
from cspr.portal import mail, states
from cspr.portal.clock import return_due
from cspr.portal.models import (
    CORRECTABLE_FIELDS,
    CorrectionStatus,
    FamilyCorrection,
    InformationRequest,
    LearningAction,
    Rag,
    RequestEvent,
    RequestState,
    RequestType,
    Upload,
    UploadKind,
)
from cspr.ui.formatting import format_date

# Requests go out until the decision; an agency's side and the coordinator's review run until the case closes.
register_action("portal.send_scoping_requests", allowed=not_reached("decision_date"))
for _name in (
    "portal.create_request",
    "portal.send_request",
    "portal.mark_opened",
    "portal.save_draft",
    "portal.confirm_no_involvement",
    "portal.submit_return",
    "portal.request_revision",
    "portal.accept_return",
    "portal.decide_correction",
    "portal.store_upload",
    "portal.escalate",  # cspr.portal.escalation
    "portal.escalation_outcome",
    "portal.chase",  # cspr.portal.chasing, the daily sweep
    "portal.record_interview",  # cspr.portal.interviews (rule 55)
    "portal.record_disclosure_request",  # cspr.portal.disclosure (rule 56)
    "portal.answer_disclosure_request",
):
    register_action(_name, allowed=not_closed)


class FamilyCompositionIncomplete(ValidationError):
    """Rule 21: Section 1 of Document 2 (family composition) is filled in before sending."""


class UploadNotStored(ValidationError):
    """The upload store refused the file (full, or failing): nothing was kept, the person is told."""


class StaleDraft(Exception):
    """Another lead of the agency saved this draft after the form was opened."""


def family_composition_problems(case: Case) -> list[str]:
    roles = set(case.people.values_list("role", flat=True))
    problems = []
    if PersonRole.SUBJECT_CHILD not in roles:
        problems.append("Add the subject child to the family composition before sending scoping requests")
    if PersonRole.FAMILY_MEMBER not in roles:
        problems.append("Add at least one family member to the family composition before sending scoping requests")
    return problems


def askable_agencies(case: Case) -> QuerySet[Agency]:
    """Agencies that can be asked about a case: the lead partnership's and every collaborating
    partnership's (rules.md C12; the same rule as ``cases.actions.save_agency_involvement``)."""
    partnerships = [case.lead_partnership_id, *case.collaborators.values_list("partnership_id", flat=True)]
    return Agency.objects.filter(partnership_id__in=partnerships)


def _label(user: User | None) -> str:
    return f"{user.full_name} <{user.email}>" if user is not None else "System"


def _move(
    request: InformationRequest,
    transition: str,
    *,
    acting_user: User | None,
    note: str = "",
    extra_after: dict[str, Any] | None = None,
) -> None:
    """Apply one transition of the table: state, event row, audit row. Call inside ``atomic``."""
    before = request.state
    request.state = states.target(transition, before)
    request.save()
    RequestEvent.objects.create(
        request=request,
        transition=transition,
        from_state=before,
        to_state=request.state,
        actor=acting_user,
        actor_label=_label(acting_user),
        note=note,
    )
    audit.record(
        actor=acting_user,
        action=f"portal.{transition}",
        obj=request,
        case=request.case,
        before={"state": before},
        after={"state": request.state, **(extra_after or {})},
        detail={"label": f"{request.agency.name}, {request.get_request_type_display()}"},
    )


def _lock(request: InformationRequest) -> InformationRequest:
    return (
        InformationRequest.objects.select_for_update()
        .select_related("case__lead_partnership", "agency")
        .get(pk=request.pk)
    )


# --- Sending -------------------------------------------------------------------------------


def create_request(
    case: Case,
    agency: Agency,
    request_type: RequestType,
    *,
    acting_user: User | None,
    case_summary: str = "",
    time_period: str = "",
) -> InformationRequest:
    if not askable_agencies(case).filter(pk=agency.pk).exists():
        raise ValidationError("Choose an agency of the lead or a collaborating partnership")
    with case_action(case, "portal.create_request", acting_user=acting_user):
        request = InformationRequest.objects.create(
            case=case,
            agency=agency,
            request_type=request_type,
            case_summary=case_summary,
            time_period=time_period,
        )
        RequestEvent.objects.create(
            request=request,
            transition="create",
            to_state=request.state,
            actor=acting_user,
            actor_label=_label(acting_user),
        )
        audit.record(
            actor=acting_user,
            action="portal.create",
            obj=request,
            case=case,
            after={"state": request.state, "type": request_type, "agency": agency.pk},
            detail={"label": f"{agency.name}, {request.get_request_type_display()}"},
        )
    return request


def send_request(
    request: InformationRequest,
    *,
    acting_user: User | None,
    due_date: dt.date | None = None,
) -> InformationRequest:
    # The kinds build on this module's TrackerRow; the due-date rule is the request kind's.
    from cspr.portal.kinds.registry import due_date as kind_due_date

    with case_action(request.case_id, "portal.send_request", acting_user=acting_user) as ctx:
        request = _lock(request)
        request.case = ctx.case
        today = timezone.localdate()
        request.due_date = due_date or kind_due_date(request, today)
        request.sent_at = timezone.now()
        _move(request, "send", acting_user=acting_user, extra_after={"due_date": request.due_date.isoformat()})
        outbox.enqueue(
            kind=MailKind.AGENCY_REQUEST,
            case=request.case,
            to=mail.agency_recipients(request.agency),
            subject=f"Request for information: case {request.case.reference}",
            body=mail.request_sent_body(
                reference=request.case.reference,
                agency=request.agency.name,
                due=request.due_date,
                link=mail.request_link(request.pk),
                partnership=request.case.lead_partnership.name,
            ),
        )
    return request


def send_scoping_requests(
    case: Case,
    agencies: Iterable[Agency],
    *,
    acting_user: User,
    sent_date: dt.date | None = None,
    case_summary: str = "",
    time_period: str = "",
) -> list[InformationRequest]:
    """Send Documents 2 and 2a to each agency (rules 20-22). Refuses before the family composition
    is filled in (rule 21). The first send reaches the case's "scoping sent" milestone on
    ``sent_date`` (today unless the page says when they went); each request's return date counts
    from it (C5), so the letters, the chasing emails and the case's deadline give one date. An agency
    sent to later counts from its own day. An agency that already has a scoping request for this case
    keeps it (a draft one is sent)."""
    chosen = list(agencies)
    today = timezone.localdate()
    sent_on = sent_date or today
    with case_action(case, "portal.send_scoping_requests", acting_user=acting_user) as ctx:
        locked = ctx.case
        problems = family_composition_problems(locked)
        if problems:
            raise FamilyCompositionIncomplete(problems)
        if not chosen:
            raise ValidationError({"agencies": "Select at least one agency"})
        if sent_on > today:
            raise ValidationError({"sent_date": "The date the requests were sent must be today or in the past"})
        if locked.referral_received_date and sent_on < locked.referral_received_date:
            raise ValidationError({"sent_date": "The date the requests were sent must be on or after the referral"})
        before = {"stage": locked.stage, "scoping_sent_date": locked.scoping_sent_date}
        first = locked.scoping_sent_date is None
        if first:
            ctx.reach_milestone("scoping_sent_date", sent_on, today=today)
        due = return_due(locked, sent_on if first else today)
        sent: list[InformationRequest] = []
        for agency in chosen:
            AgencyInvolvement.objects.update_or_create(case=locked, agency=agency, defaults={"scoping_requested": True})
            existing = InformationRequest.objects.filter(
                case=locked, agency=agency, request_type=RequestType.SCOPING
            ).first()
            if existing is not None and existing.state != RequestState.DRAFT:
                continue
            request = existing or create_request(
                locked,
                agency,
                RequestType.SCOPING,
                acting_user=acting_user,
                case_summary=case_summary,
                time_period=time_period,
            )
            sent.append(send_request(request, acting_user=acting_user, due_date=due))
        ctx.audit(
            before={k: str(v) if v else v for k, v in before.items()},
            after={
                "stage": ctx.stage,
                "scoping_sent_date": locked.scoping_sent_date.isoformat() if locked.scoping_sent_date else None,
                "agencies": [a.pk for a in chosen],
                "sent": [r.pk for r in sent],
                "return_due": due.isoformat(),
            },
        )
    return sent


# --- The agency's side ----------------------------------------------------------------------


def mark_opened(request: InformationRequest, *, acting_user: User) -> None:
    if request.state != RequestState.SENT:
        return
    with case_action(request.case_id, "portal.mark_opened", acting_user=acting_user):
        request = _lock(request)
        if request.state != RequestState.SENT:
            return
        request.opened_at = timezone.now()
        _move(request, "open", acting_user=acting_user)


@dataclass
class TrackerRow:
    learning_point: str
    action: str = ""
    lead: str = ""
    target_date: dt.date | None = None
    evidence: str = ""
    rag: str = Rag.PENDING


def save_draft(
    request: InformationRequest,
    answers: dict[str, Any],
    tracker: Sequence[TrackerRow] | None,
    *,
    acting_user: User,
    version: int | None = None,
) -> InformationRequest:
    """Keep what the agency typed, complete or not, to resume later. ``tracker=None`` keeps the
    action tracker as it is (a section of the form that does not hold it)."""
    with case_action(request.case_id, "portal.save_draft", acting_user=acting_user):
        locked = _lock(request)
        if locked.state not in states.EDITABLE:
            raise states.TransitionRefused("This request can no longer be changed.")
        if version is not None and version != locked.version:
            raise StaleDraft("Someone else in your agency saved this form after you opened it.")
        locked.answers = answers
        locked.draft_saved_at = timezone.now()
        locked.version += 1
        locked.save()
        if tracker is not None:
            _replace_tracker(locked, tracker)
        audit.record(
            actor=acting_user,
            action="portal.draft_saved",
            obj=locked,
            case=locked.case,
            after={"version": locked.version, "tracker_rows": locked.learning_actions.count()},
            detail={"label": locked.agency.name},
        )
    return locked


def _replace_tracker(locked: InformationRequest, tracker: Sequence[TrackerRow]) -> None:
    locked.learning_actions.all().delete()
    LearningAction.objects.bulk_create(
        LearningAction(
            request=locked,
            number=number,
            learning_point=row.learning_point,
            action=row.action,
            lead=row.lead,
            target_date=row.target_date,
            evidence=row.evidence,
            rag=row.rag or Rag.PENDING,
        )
        for number, row in enumerate(tracker, start=1)
    )


def confirm_no_involvement(
    request: InformationRequest, *, statement: str, confirmed_by: str, acting_user: User
) -> InformationRequest:
    """Rule 23: the agency does not know the child or family, confirmed in writing."""
    if not statement.strip() or not confirmed_by.strip():
        raise ValidationError("Confirm in writing that your agency has had no involvement")
    with case_action(request.case_id, "portal.confirm_no_involvement", acting_user=acting_user):
        request = _lock(request)
        request.no_involvement_statement = statement.strip()
        request.no_involvement_confirmed_by = confirmed_by.strip()
        request.returned_at = timezone.now()
        _move(request, "confirm_no_involvement", acting_user=acting_user, note=statement.strip())
    return request


def _propose_corrections(request: InformationRequest) -> int:
    """Turn differences between the agency's answers and the family record into proposals."""
    request.corrections.filter(status=CorrectionStatus.PROPOSED).delete()
    family = request.answers.get("family", {}) if isinstance(request.answers, dict) else {}
    created = 0
    for person in request.case.people.all():
        given = family.get(str(person.pk), {})
        for field in CORRECTABLE_FIELDS:
            proposed = str(given.get(field, "") or "").strip()
            current = str(getattr(person, field) or "").strip()
            if proposed and proposed != current:
                FamilyCorrection.objects.create(
                    request=request, person=person, field=field, current_value=current, proposed_value=proposed[:200]
                )
                created += 1
    return created


def submit_return(
    request: InformationRequest,
    *,
    records_secured_on: dt.date | None = None,
    records_secured_by: str = "",
    kept_separate: bool = False,
    acting_user: User,
) -> InformationRequest:
    """Return the answers (first time: submit; after a revision request: resubmit). Rule 24's records
    secured are required by the kinds that ask them (``RequestKind.asks_records_secured``) and not
    recorded for the others (an action plan's progress update)."""
    from cspr.portal.kinds.registry import asks_records_secured, completeness_problems, records_problems

    problems = records_problems(
        request, secured_on=records_secured_on, secured_by=records_secured_by, kept_separate=kept_separate
    )
    if problems:
        raise ValidationError(problems)
    with case_action(request.case_id, "portal.submit_return", acting_user=acting_user):
        request = _lock(request)
        problems = completeness_problems(request)
        if problems:
            raise ValidationError(problems)
        records: dict[str, Any] = {}
        if records_secured_on is not None and asks_records_secured(request):
            request.records_secured_on = records_secured_on
            request.records_secured_by = records_secured_by.strip()
            request.kept_separate = True
            records = {
                "records_secured_on": records_secured_on.isoformat(),
                "records_secured_by": request.records_secured_by,
            }
        request.returned_at = timezone.now()
        transition = "resubmit" if request.state == RequestState.REVISION_REQUESTED else "submit"
        proposals = _propose_corrections(request)
        _move(request, transition, acting_user=acting_user, extra_after=records | {"corrections_proposed": proposals})
        _return_if_unanswered(request)
    return request


def _return_if_unanswered(request: InformationRequest) -> None:
    """Rule 54: a return with unanswered questions goes straight back to the agency, the questions
    listed on its page and in the email (their numbers and wording only: no personal data)."""
    from cspr.portal.kinds.registry import kind_for

    kind = kind_for(request)
    unanswered = kind.unanswered(request) if kind is not None else []
    if not unanswered:
        return
    listed = "\n".join(f"- {m.message}" for m in unanswered)
    request.revision_reasons = f"These questions are unanswered. Answer every question and submit again:\n{listed}"
    _move(
        request,
        "return_incomplete",
        acting_user=None,
        note=request.revision_reasons,
        extra_after={"unanswered": [m.message for m in unanswered]},
    )
    outbox.enqueue(
        kind=MailKind.AGENCY_INCOMPLETE,
        case=request.case,
        to=mail.agency_recipients(request.agency),
        subject=f"Returned as incomplete: case {request.case.reference}",
        body=(
            f"The {request.get_request_type_display().lower()} {request.agency.name} submitted for case "
            f"{request.case.reference} has unanswered questions, so it has been returned automatically "
            "(regional guidance, Document 15a). Answer every question and submit it again by "
            f"{format_date(request.due_date)}.\n\nUnanswered:\n{listed}\n\n"
            f"Sign in to complete it:\n{mail.request_link(request.pk)}\n\n"
            "This email does not contain personal information."
        ),
    )


def check_reviewer(request: InformationRequest, user: User) -> None:
    """The LCSPR's returns are accepted or sent back by the review team or the business manager."""
    from cspr.lcspr.team import on_review_team
    from cspr.portal.kinds.registry import kind_for

    kind = kind_for(request)
    if kind is None or not kind.lcspr:
        return
    if user.role == Role.BUSINESS_MANAGER and user.partnership_id == request.case.lead_partnership_id:
        return
    if on_review_team(user, request.case):
        return
    raise ActionRefused("Only the review team or the business manager can accept a return or send it back")


def may_review(request: InformationRequest, user: User) -> bool:
    try:
        check_reviewer(request, user)
    except ActionRefused:
        return False
    return True


# --- The coordinator's side -----------------------------------------------------------------


def request_revision(request: InformationRequest, *, reasons: str, acting_user: User) -> InformationRequest:
    if not reasons.strip():
        raise ValidationError("Enter what the agency needs to change")
    check_reviewer(request, acting_user)
    with case_action(request.case_id, "portal.request_revision", acting_user=acting_user):
        request = _lock(request)
        request.revision_reasons = reasons.strip()
        _move(request, "request_revision", acting_user=acting_user, note=reasons.strip())
        outbox.enqueue(
            kind=MailKind.AGENCY_REVISION,
            case=request.case,
            to=mail.agency_recipients(request.agency),
            subject=f"Changes requested: case {request.case.reference}",
            body=(
                f"The partnership has asked {request.agency.name} to revise its return for case "
                f"{request.case.reference}. Please reply by {format_date(request.due_date)}.\n\n"
                f"Sign in to read the reasons and change your return:\n{mail.request_link(request.pk)}\n\n"
                "This email does not contain personal information."
            ),
        )
    return request


def accept_return(request: InformationRequest, *, acting_user: User) -> InformationRequest:
    """Accept a return; the kind's own follow-up (a chronology's import) runs in the same transaction."""
    from cspr.portal.kinds.registry import kind_for

    check_reviewer(request, acting_user)
    with case_action(request.case_id, "portal.accept_return", acting_user=acting_user):
        request = _lock(request)
        request.accepted_at = timezone.now()
        states.target("accept", request.state)  # refuse before the kind's work, not after
        kind = kind_for(request)
        done = kind.on_accept(request, acting_user=acting_user) if kind is not None else {}
        _move(request, "accept", acting_user=acting_user, extra_after=done)
    return request


def decide_correction(correction: FamilyCorrection, *, accept: bool, acting_user: User) -> FamilyCorrection:
    """Accept (apply to the family record) or reject an agency's proposed correction."""
    with case_action(correction.request.case_id, "portal.decide_correction", acting_user=acting_user) as ctx:
        correction = (
            FamilyCorrection.objects.select_for_update().select_related("person", "request__case").get(pk=correction.pk)
        )
        if correction.status != CorrectionStatus.PROPOSED:
            raise states.TransitionRefused("This correction has already been decided.")
        person = correction.person
        before = getattr(person, correction.field)
        correction.status = CorrectionStatus.ACCEPTED if accept else CorrectionStatus.REJECTED
        correction.decided_by = acting_user
        correction.decided_at = timezone.now()
        correction.save()
        if accept:
            # The family record belongs to cspr.cases: its action bumps the person's and the case's versions.
            person = case_actions.correct_person(
                ctx.case,
                person_id=person.pk,
                field=correction.field,
                value=correction.proposed_value,
                acting_user=acting_user,
            )
        audit.record(
            actor=acting_user,
            action="portal.correction_accepted" if accept else "portal.correction_rejected",
            obj=correction,
            case=correction.request.case,
            before={correction.field: before},
            after={correction.field: correction.proposed_value if accept else before},
            detail={"label": f"{correction.field_label} of person {person.pk}"},
        )
    return correction


# --- Uploads --------------------------------------------------------------------------------


def _remove_partial_file(upload: Upload, digest: str) -> None:
    """Files named after this content's digest in the request's folder that no upload row names."""
    storage = upload.file.storage
    folder = f"portal/{upload.request_id}"
    try:
        names = storage.listdir(folder)[1]
    except OSError:
        return
    for name in names:
        path = f"{folder}/{name}"
        if name.startswith(digest) and not Upload.objects.filter(file=path).exists():
            storage.delete(path)


def store_upload(
    request: InformationRequest,
    *,
    kind: UploadKind,
    data: bytes,
    original_name: str,
    content_type: str,
    acting_user: User,
) -> Upload:
    """Store a file that ``cspr.portal.uploads.inspect`` accepted. A failure leaves no file or row."""
    digest = hashlib.sha256(data).hexdigest()
    extension = {"application/pdf": "pdf"}.get(content_type, "docx" if "word" in content_type else "xlsx")
    upload = Upload(
        request=request,
        kind=kind,
        original_name=original_name[:200],
        content_type=content_type,
        size=len(data),
        sha256=digest,
        uploaded_by=acting_user,
    )
    try:
        upload.file.save(f"{request.pk}/{digest}.{extension}", ContentFile(data), save=False)
    except OSError as error:
        # A full or failing disk: Django's storage leaves what it wrote so far behind (found by
        # `make drill`, upload store full). Remove it: no file without its row.
        _remove_partial_file(upload, digest)
        raise UploadNotStored(
            "The file could not be stored just now. Try again later; if it happens again, tell the partnership"
        ) from error
    try:
        with case_action(request.case_id, "portal.store_upload", acting_user=acting_user):
            upload.save()
            audit.record(
                actor=acting_user,
                action="portal.uploaded",
                obj=upload,
                case=request.case,
                after={"sha256": digest, "size": len(data), "kind": kind},
                detail={"label": request.agency.name},
            )
    except Exception:
        upload.file.delete(save=False)
        raise
    return upload
