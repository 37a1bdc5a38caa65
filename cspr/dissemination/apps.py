from django.apps import AppConfig


class DisseminationConfig(AppConfig):
    name = "cspr.dissemination"
    label = "dissemination"
    verbose_name = "Dissemination of learning"

    def ready(self) -> None:
        from cspr.audit import english
        from cspr.cases import sections
        from cspr.dissemination import context, views_plan, views_progress
        from cspr.documents.context import register
        from cspr.lcspr import tasklist
        from cspr.ui import dashboard

        register("seven_minute_briefing", context.BriefingContext, context.briefing_context)
        # Whether the briefing exists: joined into the case page's query for the case.
        sections.register(views_plan.case_section, related=("seven_minute_briefing",))
        tasklist.register(views_plan.task_section)
        dashboard.register(views_progress.dashboard_panel)
        english.register(
            {
                "dissemination.set_cycle": "changed the audit cycle of the action plans",
                "dissemination.generate_report": "generated a progress report of the action plans",
                "dissemination.record_review": "recorded the CSPR group's review of a progress report",
                "dissemination.remind_review": "reminded the business manager that a review of progress is due",
                "dissemination.save_activity": "saved a briefing or learning event of the dissemination plan",
                "dissemination.record_attendance": "recorded attendance at a briefing or learning event",
                "dissemination.save_briefing": "saved the 7-minute briefing",
                "read.progress_report": "read a progress report of the action plans",
                "read.progress_report_pdf": "downloaded a progress report of the action plans",
            }
        )
