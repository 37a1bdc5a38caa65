"""Named, audited actions of publication (rules 64–70, C11; toolkit §9.2.5, §10, §1.6.3).

Approval of the final report is in ``approval.py``. Hard rules here:

- the pre-publication copies go to the National Panel, Ofsted and the Secretary of State through the
  outbox, carrying the publishable report; copies later than 7 working days before the planned date
  need the reason (rule 68, C11);
- publication cannot be recorded before the copies are recorded as sent, nor dated before them;
- the report stays available for a year: it is not archived before its availability date (rule 69);
- a decision not to publish names the partners' reason: "a determined investigator could identify
  them" is refused as the only one (§10.1.3), and the information about improvements published
  instead is recorded.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cspr.accounts.roles import Role
from cspr.cases.concurrency import lock_and_check
from cspr.cases.models import Case, Person
from cspr.cases.transitions import all_of, case_action, not_reached, reached, register_action
from cspr.deadlines import working_days as wd
from cspr.deadlines.services import calendar_for_partnership
from cspr.deadlines.working_days import add_years
from cspr.learning.models import Recommendation, Scope
from cspr.outbox import api as outbox
from cspr.outbox.kinds import MailKind
from cspr.publication import approval as approval  # registers "publication.approve"
from cspr.publication import report_source
from cspr.publication.models import (
    Copies,
    FinalReport,
    NonPublication,
    NotPublishingReason,
    PractitionerBriefing,
    PreReading,
    Publication,
    PublicationPlan,
)

if TYPE_CHECKING:
    from cspr.accounts.models import User

_BEFORE_PUBLICATION = all_of(reached("report_approved_date"), not_reached("published_date"))
_PUBLISHED = reached("published_date")
_PREPARING = "This is recorded once the three partners have approved the final report, and before it is published."
for _name in (
    "publication.record_pre_reading",
    "publication.record_briefing",
    "publication.save_plan",
    "publication.send_copies",
    "publication.record_published",
    "publication.decide_not_to_publish",
):
    register_action(_name, allowed=_BEFORE_PUBLICATION, refusal=_PREPARING)
# The final report can be uploaded while it is written and approved, not once published.
register_action(
    "publication.upload_report",
    allowed=all_of(reached("terms_of_reference_agreed_date"), not_reached("published_date")),
    refusal="The final report is uploaded once the terms of reference are agreed, and before publication.",
)
_AFTER = "This is recorded once the report is published."
for _name in ("publication.record_nspcc", "publication.record_archive", "publication.remind_availability"):
    register_action(_name, allowed=_PUBLISHED, refusal=_AFTER)

# The availability reminder goes this many working days before the year ends (rule 69).
REMIND_WORKING_DAYS = 20


def _mailboxes(case: Case) -> dict[str, str]:
    """The three statutory mailboxes of rule 68 (C14: partnership settings, else the defaults)."""
    p = case.lead_partnership
    return {
        "panel": p.panel_mailbox or settings.PANEL_MAILBOX,
        "ofsted": p.ofsted_mailbox or settings.OFSTED_MAILBOX,
        "secretary_of_state": p.dfe_mailbox or settings.DFE_MAILBOX,
    }


RECIPIENT_LABELS = {"panel": "National Panel", "ofsted": "Ofsted", "secretary_of_state": "Secretary of State (DfE)"}


def _page(case: Case) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("publication:overview", kwargs={"reference": case.reference})


def panel_contact_needed(case: Case, plan: PublicationPlan | None) -> list[str]:
    """Rule 66, §10.2.2: why the National Panel must be contacted before publication (empty: not needed)."""
    why = []
    national = Recommendation.objects.filter(case=case).filter(Q(scope=Scope.NATIONAL) | Q(national_policy=True))
    if national.exists():
        why.append("the report has national recommendations or implications for national policy")
    if plan is not None and plan.media_interest:
        why.append("the report is likely to attract public or media attention")
    return why


def copies_due(case: Case, planned: dt.date | None = None) -> dt.date | None:
    """The last day for the copies: the planned date less the partnership's working days (C11)."""
    day = planned or case.publication_date
    if day is None:
        return None
    calendar = calendar_for_partnership(case.lead_partnership_id)
    try:
        return calendar.subtract_working_days(day, case.lead_partnership.prepublication_working_days)
    except wd.OutOfRangeError:
        return None  # outside the bank holiday table (refused at entry; stored data may predate the check)


# -- the final report --------------------------------------------------------------------------------


def upload_report(case: Case, *, filename: str, content_type: str, content: bytes, acting_user: User) -> FinalReport:
    """Keep an uploaded final report (already through ``cspr.filesafety``) to approve and send."""
    import hashlib

    with case_action(case, "publication.upload_report", acting_user=acting_user) as ctx:
        if Copies.objects.filter(case=ctx.case).exists():
            raise ValidationError("The copies have been sent: the report sent is the one that is published.")
        report = FinalReport(
            case=ctx.case,
            filename=filename[:200],
            content_type=content_type,
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=acting_user,
        )
        report.content = content  # to the document store on save
        report.save()
        ctx.touch()
        ctx.audit(obj=report, after={"filename": report.filename, "sha256": report.sha256, "bytes": len(content)})
    return report


# -- pre-reading and practitioners ---------------------------------------------------------------------


def record_pre_reading(
    case: Case,
    *,
    person: Person | None,
    other: str,
    given_on: dt.date,
    how: str,
    notes: str,
    acting_user: User,
) -> PreReading:
    """The report given to a family member or key individual to read before publication (§9.2.5)."""
    if person is None and not other.strip():
        raise ValidationError({"person": "Select the family member, or enter the key individual"})
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": "The date the report was given must be today or in the past"})
    with case_action(case, "publication.record_pre_reading", acting_user=acting_user) as ctx:
        if person is not None and person.case_id != ctx.case.pk:
            raise ValidationError({"person": "Select someone in this case's family record"})
        row = PreReading.objects.create(
            case=ctx.case,
            person=person,
            other="" if person is not None else other.strip(),
            given_on=given_on,
            how=how,
            notes=notes,
            recorded_by=acting_user,
        )
        ctx.touch()
        ctx.audit(
            obj=row,
            after={"person": person.pk if person else None, "other": row.other, "given_on": given_on.isoformat()},
        )
    return row


def record_briefing(
    case: Case, *, agency_id: int, told_on: dt.date, told_by: str, acting_user: User
) -> PractitionerBriefing:
    """An agency's managers told its practitioners the publication date (§10.3.3, rule 65)."""
    if not told_by.strip():
        raise ValidationError({"told_by": "Enter who told the practitioners"})
    if told_on > timezone.localdate():
        raise ValidationError({"told_on": "The date must be today or in the past"})
    with case_action(case, "publication.record_briefing", acting_user=acting_user) as ctx:
        involved = ctx.case.agencies_involved.filter(agency_id=agency_id).select_related("agency").first()
        if involved is None:
            raise ValidationError({"agency": "Select an agency involved in this case"})
        if PractitionerBriefing.objects.filter(case=ctx.case, agency_id=agency_id).exists():
            raise ValidationError({"agency": f"Already recorded for {involved.agency.name}"})
        row = PractitionerBriefing.objects.create(
            case=ctx.case, agency=involved.agency, told_on=told_on, told_by=told_by.strip(), recorded_by=acting_user
        )
        ctx.touch()
        ctx.audit(obj=row, after={"agency": agency_id, "told_on": told_on.isoformat(), "told_by": row.told_by})
    return row


# -- the plan ----------------------------------------------------------------------------------------

PLAN_FIELDS = [
    "family_wishes",
    "media_contact",
    "strategic_leads",
    "communications_leads",
    "media_interest",
    "panel_contacted_on",
    "panel_contact_note",
]


def save_plan(
    case: Case, *, planned_date: dt.date, values: dict[str, Any], version: int | None, acting_user: User
) -> PublicationPlan:
    """The publication plan (rules 65–66): the planned date becomes the case's ``publication_date``,
    from which the copies' send-by date counts back (C11)."""
    if not wd.FIRST_YEAR <= planned_date.year <= wd.LAST_YEAR - 2:
        raise ValidationError(
            {"planned_date": f"The planned date must be between {wd.FIRST_YEAR} and {wd.LAST_YEAR - 2}"}
        )
    contacted = values.get("panel_contacted_on")
    if isinstance(contacted, dt.date) and contacted > timezone.localdate():
        raise ValidationError({"panel_contacted_on": "The date the Panel was contacted must be today or in the past"})
    with case_action(case, "publication.save_plan", acting_user=acting_user) as ctx:
        locked = ctx.case
        if NonPublication.objects.filter(case=locked).exists():
            raise ValidationError("The partners decided not to publish this report.")
        copies = Copies.objects.filter(case=locked).first()
        if copies is not None and planned_date < copies.sent_on:
            raise ValidationError({"planned_date": "The planned date must be after the copies were sent"})
        if planned_date <= timezone.localdate() and locked.publication_date != planned_date:
            raise ValidationError({"planned_date": "The planned date of publication must be in the future"})
        current = PublicationPlan.objects.filter(case=locked).first()
        before: dict[str, Any] = {
            "planned_date": locked.publication_date.isoformat() if locked.publication_date else None
        }
        if current is None:
            plan = PublicationPlan.objects.create(case=locked, updated_by=acting_user, **values)
        else:
            plan = lock_and_check(PublicationPlan, current.pk, version)
            before |= {name: _json(getattr(plan, name)) for name in PLAN_FIELDS}
            for name, value in values.items():
                setattr(plan, name, value)
            plan.version += 1
            plan.updated_by = acting_user
            plan.save()
        ctx.reach_milestone("publication_date", planned_date)
        # The family's wishes stay on the plan: the audit trail (open to every reader of the case) says
        # only whether they changed, never what the family said.
        audited = [n for n in PLAN_FIELDS if n != "family_wishes"]
        after = {"planned_date": planned_date.isoformat(), "version": plan.version}
        after |= {name: _json(getattr(plan, name)) for name in audited}
        after["family_wishes_changed"] = current is None or before.get("family_wishes") != plan.family_wishes
        before.pop("family_wishes", None)
        ctx.audit(obj=plan, before=before, after=after)
    return plan


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


# -- the copies (rule 68, C11) and the notice of the decision (§1.6.3) -----------------------------------


def send_copies(case: Case, *, late_reason: str, acting_user: User) -> Copies:
    """Send the publishable report to the Panel, Ofsted and the Secretary of State today, through the
    outbox, and notify them of the decision to publish. Late copies need the reason (C11)."""
    today = timezone.localdate()
    report = report_source.latest(case)  # built before the transaction: the case row stays unlocked
    with case_action(case, "publication.send_copies", acting_user=acting_user) as ctx:
        locked = ctx.case
        if NonPublication.objects.filter(case=locked).exists():
            raise ValidationError("The partners decided not to publish this report.")
        if Copies.objects.filter(case=locked).exists():
            raise ValidationError("The copies have already been sent.")
        planned = locked.publication_date
        if planned is None or not PublicationPlan.objects.filter(case=locked).exists():
            raise ValidationError("Record the publication plan, with its planned date, before sending the copies.")
        if report is None:
            raise ValidationError("There is no final report to send: upload it, or a report draft, first.")
        if today >= planned:
            raise ValidationError("The planned date of publication has come: move it in the publication plan first.")
        due = copies_due(locked, planned)
        assert due is not None
        if today > due and not late_reason.strip():
            raise ValidationError(
                {
                    "late_reason": f"The copies were due by {due:%-d %B %Y}, {locked.lead_partnership.prepublication_working_days} "
                    "working days before the planned date: enter why they are late, or move the planned date"
                }
            )
        boxes = _mailboxes(locked)
        copies = Copies.objects.create(
            case=locked,
            sent_on=today,
            due_by=due,
            planned_publication=planned,
            recipients=[{"to": RECIPIENT_LABELS[k], "address": v} for k, v in boxes.items()],
            filename=report.filename,
            sha256=report.sha256,
            late_reason=late_reason.strip() if today > due else "",
            sent_by=acting_user,
        )
        partnership = locked.lead_partnership.name
        for key, address in boxes.items():
            # The statutory email carrying case content: the full report (rule 68).
            outbox.enqueue(
                kind=MailKind.PREPUBLICATION_COPY,
                key=f"prepublication-copy:{copies.pk}:{key}",
                case=locked,
                to=[address],
                subject=f"Pre-publication copy: LCSPR report {locked.reference} – {partnership}",
                body=(
                    f"Please find attached the report of the Local Child Safeguarding Practice Review {locked.reference}, "
                    f"from {partnership}, sent before its publication on {planned:%-d %B %Y}.\n"
                ),
                attachments=[outbox.File(report.filename, report.content_type, content=report.content)],
            )
        _notify_decision(
            locked,
            key=f"publication-decision:{copies.pk}",
            subject=f"Decision to publish the LCSPR report {locked.reference}",
            body=f"{partnership} has decided to publish the report of the Local Child Safeguarding Practice Review "
            f"{locked.reference} on {planned:%-d %B %Y}.\n",
        )
        ctx.touch()
        ctx.audit(
            obj=copies,
            after={
                "sent_on": today.isoformat(),
                "due_by": due.isoformat(),
                "planned_publication": planned.isoformat(),
                "recipients": list(boxes.values()),
                "filename": report.filename,
                "sha256": report.sha256,
                "late_reason": copies.late_reason,
            },
        )
    return copies


def _notify_decision(case: Case, *, key: str, subject: str, body: str) -> None:
    """§1.6.3: decisions on publication go to the National Panel, the DfE and Ofsted (routine: no content)."""
    boxes = _mailboxes(case)
    outbox.enqueue(
        kind=MailKind.PUBLICATION_DECISION,
        key=key,
        case=case,
        to=[boxes["panel"], boxes["secretary_of_state"], boxes["ofsted"]],
        subject=subject,
        body=body + f"\nCase page: {_page(case)}\n",
    )


# -- published (rules 69, 70) -----------------------------------------------------------------------


def record_published(
    case: Case,
    *,
    published_on: dt.date,
    url: str,
    reviewer_names: str,
    reviewer_named: bool,
    late_reason: str,
    acting_user: User,
) -> Publication:
    """The report is published. Refused before the copies are recorded as sent (rule 68, hard)."""
    errors: dict[str, str] = {}
    if not url.startswith(("https://", "http://")):
        errors["url"] = "Enter the web address of the published report, starting https://"
    if not reviewer_names.strip():
        errors["reviewer_names"] = "Enter the reviewer's name as the report gives it"
    if not reviewer_named:
        errors["reviewer_named"] = "Confirm the published report names the reviewer (§10.5.2)"
    if published_on > timezone.localdate():
        errors["published_on"] = "The date of publication must be today or in the past"
    if errors:
        raise ValidationError(errors)
    with case_action(case, "publication.record_published", acting_user=acting_user) as ctx:
        locked = ctx.case
        if NonPublication.objects.filter(case=locked).exists():
            raise ValidationError("The partners decided not to publish this report.")
        copies = Copies.objects.filter(case=locked).first()
        if copies is None:
            raise ValidationError(
                "The report cannot be recorded as published before the copies to the National Panel, Ofsted and the "
                "Secretary of State are recorded as sent (rule 68)."
            )
        if published_on < copies.sent_on:
            raise ValidationError({"published_on": "The date of publication must be on or after the copies were sent"})
        calendar = calendar_for_partnership(locked.lead_partnership_id)
        n = locked.lead_partnership.prepublication_working_days
        earliest = calendar.add_working_days(copies.sent_on, n)
        short = published_on < earliest
        if short and not (late_reason.strip() or copies.late_reason):
            raise ValidationError(
                {
                    "late_reason": f"The copies were sent on {copies.sent_on:%-d %B %Y}: publishing before "
                    f"{earliest:%-d %B %Y} gives the Panel, Ofsted and the Secretary of State less than {n} working "
                    "days. Enter why"
                }
            )
        publication = Publication.objects.create(
            case=locked,
            url=url,
            reviewer_names=reviewer_names.strip(),
            published_on=published_on,
            available_until=add_years(published_on, 1),
            late_reason=late_reason.strip() if short else "",
            recorded_by=acting_user,
        )
        # The actual date is the publication date the year of availability counts from (C11).
        ctx.reach_milestone("publication_date", published_on)
        ctx.reach_milestone("published_date", published_on, today=timezone.localdate())
        ctx.audit(
            obj=publication,
            after={
                "published_on": published_on.isoformat(),
                "url": url,
                "reviewer_names": publication.reviewer_names,
                "available_until": publication.available_until.isoformat(),
                "late_reason": publication.late_reason,
                "stage": ctx.stage,
            },
        )
    return publication


def record_nspcc(case: Case, *, submitted_on: dt.date, submitted_by: str, acting_user: User) -> Publication:
    """Rule 70: the published report emailed to the NSPCC national case review repository."""
    if submitted_on > timezone.localdate():
        raise ValidationError({"submitted_on": "The date must be today or in the past"})
    with case_action(case, "publication.record_nspcc", acting_user=acting_user) as ctx:
        publication = Publication.objects.select_for_update().get(case=ctx.case)
        if submitted_on < publication.published_on:
            raise ValidationError({"submitted_on": "The date must be on or after the report was published"})
        before = {"nspcc_submitted_on": _json(publication.nspcc_submitted_on)}
        publication.nspcc_submitted_on = submitted_on
        publication.nspcc_submitted_by = submitted_by.strip()
        publication.save(update_fields=["nspcc_submitted_on", "nspcc_submitted_by"])
        ctx.touch()
        ctx.audit(
            obj=publication,
            before=before,
            after={
                "nspcc_submitted_on": submitted_on.isoformat(),
                "nspcc_submitted_by": publication.nspcc_submitted_by,
            },
        )
    return publication


def record_archive(case: Case, *, archived_on: dt.date, note: str, acting_user: User) -> Publication:
    """Rule 69: the report is kept available for at least a year; archived after that, on request."""
    if archived_on > timezone.localdate():
        raise ValidationError({"archived_on": "The date must be today or in the past"})
    with case_action(case, "publication.record_archive", acting_user=acting_user) as ctx:
        publication = Publication.objects.select_for_update().get(case=ctx.case)
        if archived_on < publication.available_until:
            raise ValidationError(
                {
                    "archived_on": "The report must stay publicly available for at least a year, until "
                    f"{publication.available_until:%-d %B %Y}"
                }
            )
        publication.archived_on = archived_on
        publication.archive_note = note.strip()
        publication.save(update_fields=["archived_on", "archive_note"])
        ctx.touch()
        ctx.audit(obj=publication, after={"archived_on": archived_on.isoformat(), "note": publication.archive_note})
    return publication


def remind_availability(publication: Publication, *, today: dt.date, acting_user: User | None = None) -> bool:
    """Once, before the year of availability ends: the business manager decides to keep it up or archive it.
    The email gives the case reference and the date only."""
    from cspr.accounts.models import User as UserModel

    with case_action(publication.case_id, "publication.remind_availability", acting_user=acting_user) as ctx:
        locked = Publication.objects.select_for_update().get(pk=publication.pk, case=ctx.case)
        if locked.availability_reminder_sent_on is not None or locked.archived_on is not None:
            return False
        if today >= locked.available_until:
            return False
        calendar = calendar_for_partnership(ctx.case.lead_partnership_id)
        if calendar.subtract_working_days(locked.available_until, REMIND_WORKING_DAYS) > today:
            return False
        locked.availability_reminder_sent_on = today
        locked.save(update_fields=["availability_reminder_sent_on"])
        managers = UserModel.objects.filter(
            partnership_id=ctx.case.lead_partnership_id, role=Role.BUSINESS_MANAGER, is_active=True
        ).values_list("email", flat=True)
        outbox.enqueue(
            kind=MailKind.AVAILABILITY_REMINDER,
            key=f"availability-reminder:{locked.pk}",
            case=ctx.case,
            to=list(managers),
            subject=f"Published report {ctx.case.reference}: available until {locked.available_until:%-d %B %Y}",
            body=(
                f"The published report of case {ctx.case.reference} must stay available until "
                f"{locked.available_until:%-d %B %Y} (one year from publication). Decide whether it stays on the "
                f"website or is archived (archived reports are available on request), and record it:\n{_page(ctx.case)}\n"
            ),
        )
        ctx.audit(obj=locked, after={"availability_reminder_sent_on": today.isoformat()})
    return True


# -- not publishing (rule 67, §10.1.3) -----------------------------------------------------------------

_IDENTIFICATION = re.compile(
    r"determined\s+investigator|(?:could|might|may|would)\s+(?:be\s+)?(?:able\s+to\s+)?identif|jigsaw\s+identif",
    re.IGNORECASE,
)


def only_identification(reasons: list[str], explanation: str) -> bool:
    """Whether the reasons come down to "a determined investigator could identify them" alone, by the
    choice made or by what the explanation says once every sentence about identification is taken out."""
    rest = set(reasons) - {NotPublishingReason.DETERMINED_INVESTIGATOR}
    if not rest:
        return True
    if rest != {NotPublishingReason.OTHER}:
        return False
    sentences = [s for s in re.split(r"(?<=[.!?;])\s+|\n+", explanation) if s.strip()]
    remaining = " ".join(s for s in sentences if not _IDENTIFICATION.search(s))
    return len(re.findall(r"[A-Za-z]{2,}", remaining)) < 5


def decide_not_to_publish(
    case: Case,
    *,
    reasons: list[str],
    explanation: str,
    decided_on: dt.date,
    decided_by: str,
    improvements_summary: str,
    improvements_url: str,
    improvements_published_on: dt.date,
    acting_user: User,
) -> NonPublication:
    """The partners decide not to publish: their reason, and the information about improvements they
    publish instead (§10.1.3); the decision is notified to the Panel, the DfE and Ofsted (§1.6.3)."""
    errors: dict[str, str] = {}
    unknown = set(reasons) - set(NotPublishingReason.values)
    if not reasons or unknown:
        errors["reasons"] = "Select the partners' reasons for not publishing"
    elif only_identification(reasons, explanation):
        errors["reasons"] = (
            "That a determined investigator could identify the child or family is not a reason not to publish "
            "(§10.1.3). Give the partners' reason, or publish the report"
        )
    if not explanation.strip():
        errors["explanation"] = "Explain the partners' decision"
    if not decided_by.strip():
        errors["decided_by"] = "Enter who decided (the three partners and the CSPR group)"
    if not improvements_summary.strip():
        errors["improvements_summary"] = "Enter the information about improvements that is published instead"
    if not improvements_url.startswith(("https://", "http://")):
        errors["improvements_url"] = "Enter the web address where the information about improvements is published"
    today = timezone.localdate()
    if decided_on > today:
        errors["decided_on"] = "The date of the decision must be today or in the past"
    if improvements_published_on > today:
        errors["improvements_published_on"] = "The date must be today or in the past"
    if errors:
        raise ValidationError(errors)
    with case_action(case, "publication.decide_not_to_publish", acting_user=acting_user) as ctx:
        locked = ctx.case
        if NonPublication.objects.filter(case=locked).exists():
            raise ValidationError("The decision not to publish is already recorded.")
        row = NonPublication.objects.create(
            case=locked,
            reasons=sorted(set(reasons)),
            explanation=explanation.strip(),
            decided_on=decided_on,
            decided_by=decided_by.strip(),
            improvements_summary=improvements_summary.strip(),
            improvements_url=improvements_url,
            improvements_published_on=improvements_published_on,
            recorded_by=acting_user,
        )
        _notify_decision(
            locked,
            key=f"publication-decision:not:{row.pk}",
            subject=f"Decision not to publish the LCSPR report {locked.reference}",
            body=f"{locked.lead_partnership.name} has decided not to publish the report of the Local Child Safeguarding "
            f"Practice Review {locked.reference}; information about the improvements to be made is published "
            f"instead, at {improvements_url}.\n",
        )
        # The same point in the case's life as publishing (rule 67): the publication stage ends and the
        # case goes on to embedding the learning; the action plan can close from here (decision 0028).
        ctx.reach_milestone("not_published_date", decided_on, today=today)
        ctx.audit(
            obj=row,
            after={
                "stage": ctx.stage,
                "reasons": row.reasons,
                "explanation": row.explanation,
                "decided_on": decided_on.isoformat(),
                "improvements_url": improvements_url,
                "improvements_published_on": improvements_published_on.isoformat(),
            },
        )
    return row
