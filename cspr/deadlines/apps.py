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
        from cspr.ui.context_processors import NAVIGATION

        sections.PROVIDERS.append(views.case_section)
        dashboard.PROVIDERS.append(views.dashboard_panel)
        if not any(name == "deadlines:closure_days" for name, *_ in NAVIGATION):
            NAVIGATION.append(("deadlines:closure_days", "Closure days", "manage"))
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
