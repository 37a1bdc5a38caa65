from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "cspr.deadlines"
    label = "deadlines"
    verbose_name = "Statutory clock"

    def ready(self) -> None:
        from cspr.audit import english
        from cspr.cases import sections
        from cspr.deadlines import views
        from cspr.ui import dashboard
        from cspr.ui.context_processors import register_navigation

        sections.register(views.case_section)
        dashboard.register(views.dashboard_panel)
        register_navigation("deadlines:closure_days", "Closure days", "manage", order=80)
        english.register(
            {
                "deadlines.extension": "extended a deadline",
                "deadlines.pause": "paused a deadline",
                "deadlines.add_closure_day": "added a closure day",
                "deadlines.remove_closure_day": "removed a closure day",
                # Rows written before the outbox took over every email (cspr.outbox).
                "deadlines.retry_reminder": "asked for a failed reminder to be sent again",
                "read.deadlines": "viewed the case's deadlines",
            }
        )
