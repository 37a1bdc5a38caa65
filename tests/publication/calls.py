"""Every publication action, called as ``tests/cases/test_every_action.py`` walks them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from cspr.accounts.roles import Role
from cspr.cases.models import Case, Person, PersonRole
from cspr.publication import actions, approval
from cspr.publication.models import Publication
from tests.world import World

D = dt.date
TODAY = D(2026, 11, 16)


def publication_calls(world: World, case: Case) -> dict[str, Callable[[], Any]]:
    u = world.user(Role.BUSINESS_MANAGER)
    lead = world.user(Role.PARTNER_LEAD)  # the local authority's lead
    person = Person.objects.filter(case=case).exclude(role=PersonRole.SUBJECT_CHILD).first()
    published, _ = Publication.objects.get_or_create(
        case=case,
        defaults={
            "url": "https://test.invalid/report",
            "reviewer_names": "X",
            "published_on": D(2026, 11, 2),
            "available_until": D(2027, 11, 2),
            "recorded_by": u,
        },
    )
    return {
        "publication.approve": lambda: approval.approve(
            case, partner="la", approver_name="X", approver_role="X", date=TODAY, acting_user=lead
        ),
        "publication.upload_report": lambda: actions.upload_report(
            case, filename="r.docx", content_type="application/octet-stream", content=b"x", acting_user=u
        ),
        "publication.record_pre_reading": lambda: actions.record_pre_reading(
            case, person=person, other="", given_on=TODAY, how="", notes="", acting_user=u
        ),
        "publication.record_briefing": lambda: actions.record_briefing(
            case, agency_id=world.agencies["own"].pk, told_on=TODAY, told_by="X", acting_user=u
        ),
        "publication.save_plan": lambda: actions.save_plan(
            case,
            planned_date=D(2027, 1, 20),
            values={"family_wishes": "X", "media_contact": "X", "strategic_leads": "X", "communications_leads": "X"},
            version=None,
            acting_user=u,
        ),
        "publication.send_copies": lambda: actions.send_copies(case, late_reason="", acting_user=u),
        "publication.record_published": lambda: actions.record_published(
            case,
            published_on=TODAY,
            url="https://test.invalid/report",
            reviewer_names="X",
            reviewer_named=True,
            late_reason="",
            acting_user=u,
        ),
        "publication.decide_not_to_publish": lambda: actions.decide_not_to_publish(
            case,
            reasons=["child_welfare"],
            explanation="X",
            decided_on=TODAY,
            decided_by="X",
            improvements_summary="X",
            improvements_url="https://test.invalid/improvements",
            improvements_published_on=TODAY,
            acting_user=u,
        ),
        "publication.record_nspcc": lambda: actions.record_nspcc(
            case, submitted_on=TODAY, submitted_by="X", acting_user=u
        ),
        "publication.record_archive": lambda: actions.record_archive(case, archived_on=TODAY, note="", acting_user=u),
        "publication.remind_availability": lambda: actions.remind_availability(published, today=TODAY),
    }
