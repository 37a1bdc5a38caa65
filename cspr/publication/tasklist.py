"""The LCSPR task list's "Approval and publication" section, with the copies' send-by date (C11)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from cspr.cases.models import Case
from cspr.lcspr.tasklist import Task, TaskSection
from cspr.publication.status import status
from cspr.ui.formatting import format_date
from cspr.ui.wording import plural


def section(request: HttpRequest, case: Case) -> TaskSection | None:
    if case.lcspr_commissioned_date is None:
        return None
    st = status(case)
    href = reverse("publication:overview", kwargs={"reference": case.reference})
    n = len(st.approvals)
    if st.all_approved:
        approval = Task(
            "Final report approved by the three partners",
            href,
            "Completed",
            f"Approved {format_date(case.report_approved_date)}",
        )
    else:
        approval = Task(
            "Final report approved by the three partners",
            href,
            "In progress" if n else "Not started",
            f"{n} of 3 partners have approved",
        )
    started = st.all_approved
    waiting = "Cannot start yet"
    tasks = [approval]
    tasks.append(
        Task(
            "Family and key individuals given the report to read",
            href,
            (
                ("Completed" if st.publication or st.non_publication else "In progress")
                if st.pre_readings
                else "Not started"
            )
            if started
            else waiting,
            f"{plural(len(st.pre_readings), 'person', 'people')} recorded",
        )
    )
    tasks.append(
        Task(
            "Practitioners told the publication date",
            href,
            (
                "Completed"
                if st.agencies and st.briefed == len(st.agencies)
                else "In progress"
                if st.briefed
                else "Not started"
            )
            if started
            else waiting,
            f"{st.briefed} of {plural(len(st.agencies), 'agency', 'agencies')} recorded",
        )
    )
    plan_hint = f"Planned for {format_date(case.publication_date)}" if st.plan and case.publication_date else ""
    if st.panel_contact_missing:
        plan_hint = (plan_hint + ". " if plan_hint else "") + "Contact the National Panel before publication"
    tasks.append(
        Task("Publication plan", href, ("Completed" if st.plan else "Not started") if started else waiting, plan_hint)
    )
    if st.copies is not None:
        copies = Task(
            "Copies to the National Panel, Ofsted and the Secretary of State",
            href,
            "Completed",
            f"Sent {format_date(st.copies.sent_on)} (send by {format_date(st.copies.due_by)})"
            + (": late, reason recorded" if st.copies.late else ""),
        )
    elif st.copies_due is not None:
        copies = Task(
            "Copies to the National Panel, Ofsted and the Secretary of State",
            href,
            "Overdue" if st.copies_overdue else "Not started",
            f"Send by {format_date(st.copies_due)}",
        )
    else:
        copies = Task(
            "Copies to the National Panel, Ofsted and the Secretary of State",
            href,
            waiting,
            "The send-by date counts back 7 working days from the planned date",
        )
    tasks.append(copies)
    if st.publication is not None:
        p = st.publication
        tasks.append(
            Task(
                "Report published",
                href,
                "Completed",
                f"Published {format_date(p.published_on)}; available until {format_date(p.available_until)}",
            )
        )
        tasks.append(
            Task(
                "Submitted to the NSPCC repository",
                href,
                "Completed" if p.nspcc_submitted_on else "Not started",
                f"Submitted {format_date(p.nspcc_submitted_on)}" if p.nspcc_submitted_on else "",
            )
        )
    elif st.non_publication is not None:
        tasks.append(
            Task(
                "Report published",
                href,
                "Completed",
                "The partners decided not to publish; information about improvements published",
            )
        )
    else:
        tasks.append(
            Task("Report published", href, "Not started" if st.copies else waiting, "After the copies are sent")
        )
    return TaskSection(title="Approval and publication", tasks=tasks, order=90)
