"""The data migration that gives ratified decision (b) cases their LCSPR milestone and re-derives
every headline stage (cspr/cases/migrations/0004)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def _targets(executor: MigrationExecutor, *, before: bool) -> list[tuple[str, str]]:
    """Every app at its latest migration; before: cases just before the data migration."""
    leaves: list[tuple[str, str]] = list(executor.loader.graph.leaf_nodes())
    if not before:
        return leaves
    return [*(n for n in leaves if n[0] != "cases"), ("cases", "0003_case_action_plan_closed_date_and_more")]


@pytest.mark.django_db(transaction=True)
def test_ratified_lcspr_decisions_get_their_milestone_and_stages_follow_the_milestones() -> None:
    executor = MigrationExecutor(connection)
    before = _targets(executor, before=True)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Region = apps.get_model("organisations", "Region")
    Partnership = apps.get_model("organisations", "Partnership")
    Case = apps.get_model("cases", "Case")
    Record = apps.get_model("rapidreview", "RapidReviewRecord")
    partnership = Partnership.objects.create(
        region=Region.objects.create(name="Test Region"), name="Test Partnership", short_code="MIG"
    )
    ratified = dt.date(2026, 11, 16)
    lcspr = Case.objects.create(
        reference="MIG-1",
        lead_partnership=partnership,
        stage="submitted",
        decision_date=ratified,
        ratified_date=ratified,
    )
    other = Case.objects.create(
        reference="MIG-2",
        lead_partnership=partnership,
        stage="ratification",
        decision_date=ratified,
        ratified_date=ratified,
    )
    sent = Case.objects.create(
        reference="MIG-3", lead_partnership=partnership, stage="referral", scoping_sent_date=ratified
    )
    Record.objects.create(case=lcspr, decision=["b", "d"])
    Record.objects.create(case=other, decision=["c"])

    executor = MigrationExecutor(connection)
    after = _targets(executor, before=False)
    executor.migrate(after)
    apps = executor.loader.project_state(after).apps
    Case = apps.get_model("cases", "Case")
    assert Case.objects.get(pk=lcspr.pk).lcspr_commissioned_date == ratified
    assert Case.objects.get(pk=other.pk).lcspr_commissioned_date is None
    # The portal's old send page left this one at "New referral" with its requests sent.
    assert Case.objects.get(pk=sent.pk).stage == "scoping"
    assert Case.objects.get(pk=lcspr.pk).stage == "ratification"  # no submission date was recorded
