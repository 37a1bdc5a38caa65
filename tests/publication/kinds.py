"""The publication app's emails, queued through the real actions (``tests/outbox/every_kind.py``):
the pre-publication copies, the notice of the decision to publish and the availability reminder."""

from __future__ import annotations

from cspr.accounts.roles import Role
from cspr.cases.models import Case
from cspr.publication import actions, reminders
from tests.publication.helpers import AGREED, PLANNED, D, approve_all, at, docx_bytes, plan


def queue_publication_kinds(world: object, case: Case) -> None:
    from tests.world import World

    assert isinstance(world, World)
    manager = world.user(Role.BUSINESS_MANAGER)
    Case.objects.filter(pk=case.pk).update(terms_of_reference_agreed_date=AGREED)
    case.refresh_from_db()
    with at(D(2027, 2, 20)):
        actions.upload_report(
            case,
            filename="final-report.docx",
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            content=docx_bytes(),
            acting_user=manager,
        )
    approve_all(world, case)
    plan(world, case)
    with at(D(2027, 3, 15)):
        actions.send_copies(case, late_reason="", acting_user=manager)
    with at(PLANNED):
        actions.record_published(
            case,
            published_on=PLANNED,
            url="https://test.invalid/reviews/report.pdf",
            reviewer_names="Test Reviewer",
            reviewer_named=True,
            late_reason="",
            acting_user=manager,
        )
    with at(D(2028, 3, 6)):
        reminders.remind(D(2028, 3, 6))
