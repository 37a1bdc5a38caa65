"""The record classes a partnership sets retention periods for, and what each one is in the database.

A record class is a slice of one case's record (its Rapid Review, its chronology, its agency returns…)
or the whole case. Each is kept for a period from a trigger date:

- ``closed``: the case's "action plan closed" milestone (``Case.action_plan_closed_date``);
- ``published``: the report's publication (``Case.published_date``) or, where the partners decided
  not to publish, that decision (``Case.not_published_date``): the same point in the case's life
  (decision 0026), so an unpublished review's working papers are not kept for ever by default;
- ``created``: each row's own date (emails in the outbox: each email from the day it was queued).

The defaults below are *defaults, set by the partnership*: ``docs/apps/retention.md`` gives the
reasoning for each. Two classes can never be destroyed by this feature: the audit trail (append-only,
its own documented retention, see decision 0033) and the published report (kept permanently).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.db.models.functions import Coalesce

from cspr.cases.models import Case
from cspr.chronology.models import ChronologyEntry, ChronologyImport
from cspr.documents.models import GeneratedDocument
from cspr.family.models import Invitation as FamilyInvitation
from cspr.family.models import SharedItem
from cspr.outbox.models import Attachment, Message, Status
from cspr.oversight.models import ClockPause, PanelDiscussion, ProgressCheck
from cspr.portal.models import DisclosureRequest, InformationRequest
from cspr.rapidreview.models import Endorsement, Meeting, RapidReviewRecord, Ratification, Submission
from cspr.reviewmeetings.models import ReviewMeeting
from cspr.workshops.models import FindingsComment, Worksheet


class Trigger(models.TextChoices):
    CLOSED = "closed", "after the case is closed (action plan closed)"
    PUBLISHED = "published", "after the report is published (or the decision not to publish it)"
    CREATED = "created", "after each record's own date"


def trigger_date(trigger: Trigger) -> models.Expression | models.F:
    """The case's date a class's period counts from, as an expression on ``Case``."""
    if trigger is Trigger.CLOSED:
        return models.F("action_plan_closed_date")
    if trigger is Trigger.PUBLISHED:
        # Publishing after a decision not to publish is refused (decision 0026): one of the two at most.
        return Coalesce("published_date", "not_published_date")
    raise ValueError(f"{trigger} counts from each row's own date, not the case's")


@dataclass(frozen=True)
class Rows:
    """The rows of one model that belong to a class: ``path`` leads from the model to the case."""

    model: type[models.Model]
    path: str
    # Extra filter on the rows (emails still waiting to be sent are never destroyed).
    where: dict[str, object] = field(default_factory=dict)
    # For ``created`` classes: the row's own date field.
    date_field: str = ""
    # Rows another record still needs (a document version attached to a kept email) are left out.
    keep: Callable[[], models.Q] | None = None

    def queryset(self, case_ids: object, *, before: dt.date | None = None) -> models.QuerySet[models.Model]:
        qs = self.model._default_manager.filter(**{f"{self.path}__in": case_ids}, **self.where)
        if self.keep is not None:
            qs = qs.exclude(self.keep())
        if before is not None and self.date_field:
            qs = qs.filter(**{f"{self.date_field}__date__lt": before})
        return qs

    def for_case(self, case: Case | int, *, before: dt.date | None = None) -> models.QuerySet[models.Model]:
        pk = case if isinstance(case, int) else case.pk
        return self.queryset([pk], before=before)


@dataclass(frozen=True)
class RecordClass:
    key: str
    label: str
    description: str
    trigger: Trigger
    default_years: int | None  # None: kept permanently (never listed for destruction)
    default_months: int = 0
    rows: tuple[Rows, ...] = ()
    whole_case: bool = False
    destroyable: bool = True
    reasoning: str = ""


def _attached_to_an_email() -> models.Q:
    return models.Q(pk__in=Attachment.objects.filter(document__isnull=False).values("document_id"))


CASE_RECORD = RecordClass(
    "case_record",
    "Case record (the whole case)",
    "Everything held about the case: the family record, the Rapid Review, the LCSPR, the agencies' returns "
    "and files, documents, emails. Destroying it removes the case; its audit trail stays.",
    Trigger.CLOSED,
    25,
    whole_case=True,
    reasoning="Records about a child's safeguarding are commonly kept until the child would be about 25 "
    "or for a long period after the last action; 25 years after closure covers a subject child "
    "reaching adulthood and later inquiries.",
)

CLASSES: tuple[RecordClass, ...] = (
    CASE_RECORD,
    RecordClass(
        "rapid_review",
        "Rapid Review record",
        "The Rapid Review meeting and attendance, Document 4 record, decision, ratifications, endorsement "
        "and submission.",
        Trigger.CLOSED,
        25,
        rows=(
            Rows(Meeting, "case"),
            Rows(RapidReviewRecord, "case"),
            Rows(Ratification, "case"),
            Rows(Endorsement, "case"),
            Rows(Submission, "case"),
        ),
        reasoning="Part of the core record of the statutory decision: kept as long as the case record.",
    ),
    RecordClass(
        "lcspr_working_papers",
        "LCSPR working papers",
        "Review team meetings (minutes, actions), regulation 14 progress checks, clock pauses and Panel discussions.",
        Trigger.PUBLISHED,
        6,
        rows=(
            Rows(ReviewMeeting, "case"),
            Rows(ProgressCheck, "case"),
            Rows(ClockPause, "case"),
            Rows(PanelDiscussion, "case"),
        ),
        reasoning="Working papers behind a published report: six years after publication (the common "
        "period for business records and the Limitation Act 1980's six years).",
    ),
    RecordClass(
        "agency_returns",
        "Agency returns and attachments",
        "Information requests to agencies, their answers, Word returns and uploaded files, staff interview "
        "summaries and disclosure requests.",
        Trigger.CLOSED,
        6,
        rows=(Rows(InformationRequest, "case"), Rows(DisclosureRequest, "case")),
        reasoning="Each agency keeps its own originals under its own schedule; the partnership's copies "
        "six years after closure.",
    ),
    RecordClass(
        "chronology",
        "Chronology entries",
        "The integrated chronology's entries and the imports they came from.",
        Trigger.CLOSED,
        6,
        rows=(Rows(ChronologyEntry, "case"), Rows(ChronologyImport, "case")),
        reasoning="Built from the agencies' records, which they keep: six years after closure.",
    ),
    RecordClass(
        "family_log",
        "Family engagement log",
        "Invitations to family members, contacts, letters, views expressed, support offered, what was shared.",
        Trigger.CLOSED,
        6,
        rows=(Rows(FamilyInvitation, "case"), Rows(SharedItem, "case")),
        reasoning="Personal contact records of family members: six years after closure, then reviewed.",
    ),
    RecordClass(
        "workshop_worksheets",
        "Workshop worksheets",
        "Practitioners' worksheets and their comments on the draft findings (reflective learning workshops).",
        Trigger.PUBLISHED,
        2,
        rows=(Rows(Worksheet, "participant__workshop__case"), Rows(FindingsComment, "consultation__case")),
        reasoning="Practitioners were told their worksheets are private working material: two years after "
        "publication is enough to answer questions about the report.",
    ),
    RecordClass(
        "report_drafts",
        "Report drafts and generated document versions",
        "Stored versions of the case's generated documents (drafts, superseded versions); a version sent "
        "by email stays with that email.",
        Trigger.PUBLISHED,
        1,
        rows=(Rows(GeneratedDocument, "case", keep=_attached_to_an_email),),
        reasoning="Once the final report is published, drafts have no further purpose: one year after publication.",
    ),
    RecordClass(
        "outbox_emails",
        "Emails in the outbox",
        "Emails sent (or given up on) about the case, each kept from the day it was queued.",
        Trigger.CREATED,
        2,
        rows=(Rows(Message, "case", where={"status__in": [Status.SENT, Status.FAILED]}, date_field="created_at"),),
        reasoning="A record that an email went; the action behind it is in the audit trail: two years.",
    ),
    RecordClass(
        "audit_log",
        "Audit and access log",
        "Every action and every read of case data. Append-only: this feature cannot destroy it. It has its "
        "own retention (decision 0033): kept for the life of the service, beyond the records it describes.",
        Trigger.CREATED,
        None,
        destroyable=False,
        reasoning="The audit trail proves what happened to the records, their destruction included.",
    ),
    RecordClass(
        "published_report",
        "Published report",
        "The published LCSPR report: a public document, kept permanently.",
        Trigger.PUBLISHED,
        None,
        destroyable=False,
        reasoning="Published reports are public and are kept permanently (the National Panel's repository also holds them).",
    ),
)

BY_KEY: dict[str, RecordClass] = {c.key: c for c in CLASSES}
DESTROYABLE: tuple[RecordClass, ...] = tuple(c for c in CLASSES if c.destroyable)


def get(key: str) -> RecordClass:
    return BY_KEY[key]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months, the day clamped to the month's last (29 February + 12 months = 28 February)."""
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)
