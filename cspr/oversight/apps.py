from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "cspr.oversight"
    label = "oversight"
    verbose_name = "Regulation 14: the six-month clock, progress checks, pauses and the Panel"

    def ready(self) -> None:
        from cspr.audit import english
        from cspr.deadlines import services
        from cspr.lcspr import tasklist
        from cspr.oversight import clock, views
        from cspr.ui import dashboard

        # The engine's monthly regulation 14 check reads the latest check recorded here.
        services.register_anchor_source(clock.latest_checks)
        tasklist.register(views.task_section)
        dashboard.register(views.dashboard_panel)
        english.register(
            {
                "oversight.record_check": "recorded a regulation 14 progress check",
                "oversight.record_pause": "recorded a pause in the LCSPR",
                "oversight.end_pause": "recorded the end of a pause in the LCSPR",
                "oversight.record_panel_discussion": "recorded a discussion with the National Panel about a delay",
            }
        )
