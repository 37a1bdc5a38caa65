from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "cspr.workshops"
    label = "workshops"
    verbose_name = "Analysis and reflective learning workshops"

    def ready(self) -> None:
        from cspr.audit import english
        from cspr.lcspr import tasklist
        from cspr.ui import dashboard
        from cspr.ui.context_processors import register_navigation
        from cspr.workshops import integration

        tasklist.register(integration.task_section)
        dashboard.register(integration.practitioner_panel, integration.agency_panel)
        integration.register_document_context()
        register_navigation("workshops:mine", "Your workshop", "practitioner", order=15)
        english.register(
            {
                "workshops.save_theme": "saved a key theme for analysis",
                "workshops.remove_theme": "removed a key theme for analysis",
                "workshops.nominate": "nominated a practitioner for the workshop",
                "workshops.save_workshop": "saved the reflective learning workshop's arrangements",
                "workshops.send_invitations": "invited a practitioner to the workshop",
                "workshops.accept_invitation": "set up a practitioner's account from the workshop invitation",
                "workshops.record_attendance": "recorded a practitioner's attendance",
                "workshops.worksheet_saved": "saved a worksheet draft",
                "workshops.worksheet_submitted": "submitted a worksheet",
                "workshops.remind_worksheet": "sent a Worksheet 1 reminder",
                "workshops.send_findings": "sent the draft findings to the practitioners",
                "workshops.comment_on_findings": "commented on the draft findings",
            }
        )
