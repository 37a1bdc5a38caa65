"""Where a case stands on approval and publication, read in a fixed number of queries (the overview
page and the LCSPR task list both use it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cspr.cases.models import Case
from cspr.deadlines import services
from cspr.organisations.models import PartnerKind
from cspr.publication import actions
from cspr.publication.models import (
    Approval,
    Copies,
    NonPublication,
    PractitionerBriefing,
    PreReading,
    Publication,
    PublicationPlan,
)


@dataclass
class AgencyRow:
    agency_id: int
    name: str
    briefing: PractitionerBriefing | None


@dataclass
class Status:
    case: Case
    approvals: dict[str, Approval]
    pre_readings: list[PreReading]
    agencies: list[AgencyRow]
    plan: PublicationPlan | None
    copies: Copies | None
    publication: Publication | None
    non_publication: NonPublication | None
    copies_due: dt.date | None
    panel_contact_reasons: list[str] = field(default_factory=list)

    @property
    def partners(self) -> list[tuple[str, str, Approval | None]]:
        return [(k.value, k.label, self.approvals.get(k.value)) for k in PartnerKind]

    @property
    def all_approved(self) -> bool:
        return self.case.report_approved_date is not None

    @property
    def briefed(self) -> int:
        return sum(1 for a in self.agencies if a.briefing is not None)

    @property
    def copies_overdue(self) -> bool:
        return self.copies is None and self.copies_due is not None and services.today() > self.copies_due

    @property
    def archivable(self) -> bool:
        """Rule 69: archived only once its year on the website is over."""
        p = self.publication
        return p is not None and p.archived_on is None and services.today() >= p.available_until

    @property
    def panel_contact_missing(self) -> bool:
        return bool(self.panel_contact_reasons) and (self.plan is None or self.plan.panel_contacted_on is None)


def status(case: Case) -> Status:
    approvals = {a.partner: a for a in Approval.objects.filter(case=case).select_related("recorded_by")}
    readings = list(PreReading.objects.filter(case=case).select_related("person"))
    briefings = {b.agency_id: b for b in PractitionerBriefing.objects.filter(case=case)}
    involved = case.agencies_involved.select_related("agency").order_by("agency__name")
    agencies = [AgencyRow(i.agency_id, i.agency.name, briefings.get(i.agency_id)) for i in involved]
    plan = PublicationPlan.objects.filter(case=case).first()
    copies = Copies.objects.filter(case=case).first()
    publication = Publication.objects.filter(case=case).first()
    non_publication = NonPublication.objects.filter(case=case).first()
    due = actions.copies_due(case) if copies is None else copies.due_by
    return Status(
        case=case,
        approvals=approvals,
        pre_readings=readings,
        agencies=agencies,
        plan=plan,
        copies=copies,
        publication=publication,
        non_publication=non_publication,
        copies_due=due,
        panel_contact_reasons=actions.panel_contact_needed(case, plan),
    )
