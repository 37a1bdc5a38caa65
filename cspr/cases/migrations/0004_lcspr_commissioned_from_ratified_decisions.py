"""Cases whose decision to hold an LCSPR (decision (b), alone or with (d)) was ratified before the
"LCSPR commissioned" milestone existed get it now, on the ratification date: their LCSPR clock and
regulation 14 reminders start from it (rules.md C10, rules 47-48). Every case's headline stage is
then derived from its milestones (a case whose requests went out from the portal's send page stayed
at "New referral")."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from cspr.cases.milestones import derive_stage


def forwards(apps: Any, schema_editor: Any) -> None:
    Case = apps.get_model("cases", "Case")
    Record = apps.get_model("rapidreview", "RapidReviewRecord")
    for record in Record.objects.filter(case__ratified_date__isnull=False, case__lcspr_commissioned_date__isnull=True):
        if "b" in (record.decision or []):
            Case.objects.filter(pk=record.case_id).update(lcspr_commissioned_date=record.case.ratified_date)
    for case in Case.objects.all():
        stage = derive_stage(case)
        if stage != case.stage:
            Case.objects.filter(pk=case.pk).update(stage=stage)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_case_action_plan_closed_date_and_more"),
        ("rapidreview", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
