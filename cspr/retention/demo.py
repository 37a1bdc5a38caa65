"""The demo partnership's data protection contact and one legal hold (on DEMO-9, a fictional complaint),
recorded through the retention actions so the demo's audit trail reads as a real one. Idempotent."""

from __future__ import annotations

from cspr.accounts.demo import demo_email
from cspr.accounts.models import User
from cspr.cases.models import Case
from cspr.retention import actions
from cspr.retention.models import LegalHold, RetentionSettings


def seed() -> None:
    manager = User.objects.filter(email=demo_email("manager")).select_related("partnership").first()
    case = Case.objects.filter(reference="DEMO-9").first()
    if manager is None or manager.partnership is None:
        return
    partnership = manager.partnership
    current = RetentionSettings.objects.get_or_create(partnership=partnership)[0]
    if not current.data_protection_email:
        actions.save_contact(
            partnership,
            lead=None,
            email="data.protection@demo.cspr.invalid",
            expected_version=current.version,
            acting_user=manager,
        )
    if (
        case is not None
        and case.lead_partnership_id == partnership.pk
        and not LegalHold.objects.filter(case=case).exists()
    ):
        actions.place_hold(
            partnership,
            case=case,
            reason="Demo: a fictional complaint about the review is being investigated; keep every record.",
            acting_user=manager,
        )
