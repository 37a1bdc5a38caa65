"""The LCSPR task list's "Family engagement" section: counts for everyone, links for the family log's readers.

People without family-log access (the business manager, partner leads, the scrutineer…) see how
many are invited, contacted and involved, never who; the tasks carry no link for them.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from cspr.accounts.models import User
from cspr.cases.models import Case
from cspr.family.access import can_read_family_log
from cspr.family.report import counts
from cspr.lcspr.tasklist import Task, TaskSection
from cspr.ui.formatting import format_date
from cspr.ui.wording import plural

NO_ACCESS = "Counts only: the family log is open to the review team and the named coordinator."


def section(request: HttpRequest, case: Case) -> TaskSection | None:
    if case.lcspr_commissioned_date is None:
        return None
    user = request.user
    allowed = isinstance(user, User) and can_read_family_log(user, case)
    c = counts(case)
    href = reverse("family:index", kwargs={"reference": case.reference}) if allowed else None
    network_hint = (
        f"{plural(c.network, 'person', 'people')} in the family network: {c.invitees} to be invited, "
        f"{c.not_invited} not invited; {c.with_coordinator} with a named coordinator"
    )
    last = f"; last contact {format_date(c.last_contact)}" if c.last_contact else "; no contact yet"
    contact_hint = (
        f"{c.letters_sent} sent the letter, {c.contacted} contacted, {c.taking_part} taking part, "
        f"{c.not_involved} not involved{last}"
    )
    if not allowed:
        network_hint = f"{network_hint}. {NO_ACCESS}"
    if c.network == 0:
        network_status = "Cannot start yet"
    elif c.invitees and c.with_coordinator == c.invitees:
        network_status = "Completed"
    else:
        network_status = "In progress" if c.with_coordinator or c.not_invited else "Not started"
    if c.invitees and c.outcome_known == c.invitees:
        contact_status = "Completed"
    else:
        contact_status = "In progress" if c.last_contact else "Not started"
    return TaskSection(
        title="Family engagement",
        tasks=[
            Task("Family network, invitations and coordinator", href, network_status, network_hint),
            Task("Letters, contacts, views and support", href, contact_status, contact_hint),
        ],
        order=40,
    )
