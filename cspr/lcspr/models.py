"""The LCSPR's commissioning record: terms of reference versions and the people on the review.

Terms of reference (Document 7, rules 45–46): one row per version. A version is a draft until the
CSPR group agrees it; an agreed version is never edited again: a significant change to the scope or
the KLOEs is a new draft version, with its reason, that needs its own recorded agreement (§5.3.1).

Appointments (rule 50, Appendix 2): who is on the review, in which role, for which partner, with
their conflicts of interest and confidentiality agreement. An active appointment with an account is
mirrored by a ``cases.CaseMembership`` row, which is what gives a reviewer reach to the case
(``cspr.access``); ending the appointment deletes it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from cspr.cases.models import Case
from cspr.organisations.models import PartnerKind


class Chronologies(models.TextChoices):
    YES = "yes", "Agency chronologies will be requested (Documents 10 to 12)"
    NO = "no", "No agency chronologies"


class InformationMethod(models.TextChoices):
    LEARNING_TEMPLATE = "learning_template", "Learning templates (Document 13)"
    INFORMATION_REPORT = "information_report", "Information reports (Documents 14 and 15)"
    BOTH = "both", "Both learning templates and information reports"
    NEITHER = "neither", "Neither"


class WorkshopMethod(models.TextChoices):
    WORKSHOP = "workshop", "A reflective learning workshop (Documents 16 to 18a)"
    FEEDBACK = "feedback", "A feedback session"
    NEITHER = "neither", "Neither"


class TermsStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AGREED = "agreed", "Agreed"


class TermsVersion(models.Model):
    """One version of the terms of reference (Document 7)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tor_versions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=TermsStatus.choices, default=TermsStatus.DRAFT)
    change_reason = models.TextField(blank=True, help_text="Why a version after the first was needed (§5.3.1)")
    case_summary = models.TextField(blank=True)
    time_period = models.TextField(blank=True)
    time_period_rationale = models.TextField(blank=True)
    kloes = models.TextField(blank=True, help_text="One key line of enquiry per line")
    chronologies = models.CharField(max_length=10, choices=Chronologies.choices, blank=True)
    chronologies_detail = models.TextField(blank=True)
    information_method = models.CharField(max_length=20, choices=InformationMethod.choices, blank=True)
    information_detail = models.TextField(blank=True)
    workshop_method = models.CharField(max_length=10, choices=WorkshopMethod.choices, blank=True)
    workshop_detail = models.TextField(blank=True)
    family_involvement = models.TextField(blank=True)
    family_contact_responsible = models.CharField(max_length=300, blank=True)
    parallel_investigations = models.TextField(blank=True)
    legal_advice = models.TextField(blank=True)
    other_considerations = models.TextField(blank=True, help_text="§5.4: race, culture, language, religion")
    lead_organisations = models.TextField(
        blank=True, help_text="Where there is no lead reviewer: the organisations that lead the review"
    )
    learning_to_partners_date = models.DateField(null=True, blank=True)
    milestones = models.JSONField(default=list, blank=True)  # [{"milestone": str, "date": "YYYY-MM-DD"}]
    # Who was on the review when the version was agreed, kept with it (the team changes afterwards).
    team_at_agreement = models.JSONField(default=list, blank=True)
    agreed_on = models.DateField(null=True, blank=True)
    agreed_by = models.TextField(blank=True, help_text="The CSPR group meeting and the names of those who agreed")
    agreed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["case", "number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="tor_version_number_once")]

    def __str__(self) -> str:
        return f"Terms of reference version {self.number}"

    @property
    def agreed(self) -> bool:
        return self.status == TermsStatus.AGREED

    def kloe_list(self) -> list[str]:
        return [line.strip() for line in self.kloes.splitlines() if line.strip()]

    def milestone_rows(self) -> list[dict[str, Any]]:
        """The timeline with dates as dates; the target date for the partners always last."""
        rows: list[dict[str, Any]] = []
        for row in self.milestones if isinstance(self.milestones, list) else []:
            try:
                day = dt.date.fromisoformat(str(row.get("date", "")))
            except ValueError:
                continue
            if str(row.get("milestone", "")).strip():
                rows.append({"milestone": str(row["milestone"]).strip(), "date": day})
        rows.sort(key=lambda r: r["date"])
        if self.learning_to_partners_date:
            rows.append(
                {
                    "milestone": "Learning presented to the safeguarding partners (target)",
                    "date": self.learning_to_partners_date,
                }
            )
        return rows


class AppointmentRole(models.TextChoices):
    LEAD_REVIEWER = "lead_reviewer", "Lead reviewer"
    TEAM_MEMBER = "team_member", "Review team member"
    EXPERT = "expert", "Expert"


class Conflict(models.TextChoices):
    NONE = "none", "No conflict of interest"
    DECLARED = "declared", "Conflict of interest declared"


class LiaisonDuty(models.TextChoices):
    """The police member's duties (rule 50, §6.2.3)."""

    SIO = "sio", "Liaison with the Senior Investigating Officer"
    CPS = "cps", "Liaison with the Crown Prosecution Service"
    FAMILY = "family", "Coordinating family liaison"


class Appointment(models.Model):
    """One person's appointment to one review; ``ended`` set when it ends (kept for the record)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appointments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="appointments"
    )  # None while an invited person has not yet set up their account
    name = models.CharField(max_length=200)
    email = models.EmailField()
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=AppointmentRole.choices)
    represents = models.CharField(max_length=10, choices=PartnerKind.choices, blank=True)
    expertise = models.CharField(max_length=300, blank=True)
    liaison_duties = models.JSONField(default=list, blank=True)  # LiaisonDuty codes
    responsibilities = models.TextField(blank=True)
    conflict = models.CharField(max_length=10, choices=Conflict.choices)
    conflict_details = models.TextField(blank=True)
    confidentiality_signed_on = models.DateField(null=True, blank=True)
    started = models.DateField()
    ended = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    # Rule 44: the day the reviewer's name went to the Panel, Ofsted and DfE.
    panel_notified_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["case", "ended", "role", "name"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: appointment {self.pk}"

    @property
    def active(self) -> bool:
        return self.ended is None

    def liaison_labels(self) -> list[str]:
        labels = dict(LiaisonDuty.choices)
        return [str(labels[c]) for c in self.liaison_duties if c in labels]

    def duties_text(self) -> str:
        """The 'specific responsibilities' column of Document 7's team table."""
        parts = [self.get_role_display()]
        if self.represents:
            parts.append(f"represents the {PartnerKind(self.represents).label}")
        if self.expertise:
            parts.append(f"expertise: {self.expertise}")
        parts += self.liaison_labels()
        if self.responsibilities.strip():
            parts.append(self.responsibilities.strip())
        return "; ".join(parts)


class ReviewerInvitation(models.Model):
    """The emailed invitation of an independent reviewer or team member; the link carries only a signed id."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def usable(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()
