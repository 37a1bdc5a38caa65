"""Region → partnership → its three statutory partners and the agencies it works with.

A partnership is the unit of data isolation: nothing crosses between partnerships except through
a case's collaborators (see ``cspr.access``).
"""

from __future__ import annotations

from django.db import models


class Region(models.Model):
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LeadAnchor(models.TextChoices):
    """What the 15-working-day Rapid Review clock counts from (rules.md C4)."""

    AWARE = "aware", "The local authority became aware of the incident"
    REFERRAL = "referral", "The partnership received the referral"
    NOTIFICATION = "notification", "The notification was sent to the National Panel"


class ScopingReturnAnchor(models.TextChoices):
    """What the 5-working-day scoping return counts from (rules.md C5, A3)."""

    SENT = "sent", "The date the scoping request was sent"
    REFERRAL = "referral", "The date the referral was received"


class CrossBorderLead(models.TextChoices):
    """Which partnership leads a cross-border case (rules.md C12)."""

    RESIDENCE = "residence", "Where the child usually lives (toolkit §4.1.6)"
    INCIDENT = "incident", "Where the incident happened (National Panel FAQ)"


class Partnership(models.Model):
    """A Safeguarding Children Partnership and its settings (targets, mailboxes, branding)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="partnerships")
    name = models.CharField(max_length=200, unique=True)
    short_code = models.SlugField(max_length=12, unique=True, help_text="Used in case references, e.g. WOLV.")
    address = models.TextField(blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    logo = models.FileField(upload_to="logos/", blank=True)
    signature_name = models.CharField(max_length=200, blank=True)
    signature_role = models.CharField(max_length=200, blank=True)

    # Clock settings (rules.md section 0); defaults are the conventions.
    rapid_review_anchor = models.CharField(max_length=20, choices=LeadAnchor.choices, default=LeadAnchor.AWARE)
    rapid_review_working_days = models.PositiveSmallIntegerField(default=15)
    notification_working_days = models.PositiveSmallIntegerField(default=5)
    scoping_send_working_days = models.PositiveSmallIntegerField(default=2)
    scoping_return_working_days = models.PositiveSmallIntegerField(default=5)
    scoping_return_anchor = models.CharField(
        max_length=20, choices=ScopingReturnAnchor.choices, default=ScopingReturnAnchor.SENT
    )
    meeting_window_start_working_days = models.PositiveSmallIntegerField(default=7)
    meeting_window_end_working_days = models.PositiveSmallIntegerField(default=13)
    submission_working_days = models.PositiveSmallIntegerField(default=2)
    lcspr_months = models.PositiveSmallIntegerField(default=6)
    prepublication_working_days = models.PositiveSmallIntegerField(default=7)
    cross_border_lead = models.CharField(
        max_length=20, choices=CrossBorderLead.choices, default=CrossBorderLead.RESIDENCE
    )

    # Statutory mailboxes (rules.md C14): blank means the system-wide default from settings.
    panel_mailbox = models.EmailField(blank=True)
    ofsted_mailbox = models.EmailField(blank=True)
    dfe_mailbox = models.EmailField(blank=True)
    nspcc_mailbox = models.EmailField(blank=True)

    # Document 5's salutation ("Dear ...") names the National Panel's chair.
    panel_chair_name = models.CharField(max_length=200, blank=True)
    # Rule 37 / C7: whether a partner lead may ratify on behalf of another statutory partner
    # (always an explicit, recorded act relying on a delegation).
    allow_ratification_on_behalf = models.BooleanField(default=True)

    # Optimistic concurrency for the settings page (see cspr.organisations.actions).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerKind(models.TextChoices):
    LOCAL_AUTHORITY = "la", "Local authority"
    ICB = "icb", "Integrated Care Board"
    POLICE = "police", "Police"


class StatutoryPartner(models.Model):
    """One of the partnership's three safeguarding partners and who acts for it (WT2023 terms)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="statutory_partners")
    kind = models.CharField(max_length=10, choices=PartnerKind.choices)
    organisation_name = models.CharField(max_length=200)
    lead_name = models.CharField(max_length=200, help_text="Lead Safeguarding Partner")
    lead_role = models.CharField(max_length=200)
    delegate_name = models.CharField(max_length=200, blank=True, help_text="Delegated Safeguarding Partner")
    delegate_role = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["partnership", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "kind"], name="one_partner_of_each_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.get_kind_display()})"


class AgencyType(models.TextChoices):
    LOCAL_AUTHORITY = "la", "Local authority children's services"
    SCHOOL = "school", "School or education setting"
    EARLY_YEARS = "early_years", "Early years or childcare"
    GP = "gp", "GP practice"
    HOSPITAL = "hospital", "Hospital trust"
    COMMUNITY_HEALTH = "community_health", "Community health or health visiting"
    MENTAL_HEALTH = "mental_health", "Mental health trust"
    AMBULANCE = "ambulance", "Ambulance service"
    ICB = "icb", "Integrated Care Board"
    POLICE = "police", "Police"
    PROBATION = "probation", "Probation service"
    YOUTH_JUSTICE = "youth_justice", "Youth justice service"
    HOUSING = "housing", "Housing provider"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse service"
    VOLUNTARY = "voluntary", "Voluntary or community sector"
    CAFCASS = "cafcass", "Cafcass"
    OTHER = "other", "Other"


class Agency(models.Model):
    """An organisation that may have worked with a child or family, within one partnership."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="agencies")
    name = models.CharField(max_length=200)
    agency_type = models.CharField(max_length=30, choices=AgencyType.choices)
    address = models.TextField(blank=True)
    safeguarding_lead_name = models.CharField(max_length=200, blank=True)
    safeguarding_lead_email = models.EmailField(blank=True)
    safeguarding_lead_phone = models.CharField(max_length=40, blank=True)
    strategic_lead_name = models.CharField(
        max_length=200, blank=True, help_text="Strategic safeguarding lead (escalation)"
    )
    strategic_lead_email = models.EmailField(blank=True)

    class Meta:
        ordering = ["partnership", "name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="agency_name_unique_in_partnership"),
        ]

    def __str__(self) -> str:
        return self.name


class ClosureDay(models.Model):
    """A day the partnership is closed although it is not a bank holiday (rules.md C1, A6)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="closure_days")
    date = models.DateField()
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["partnership", "date"], name="closure_day_unique")]

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y}: {self.reason}"
