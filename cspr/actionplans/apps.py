from django.apps import AppConfig


class ActionplansConfig(AppConfig):
    name = "cspr.actionplans"
    label = "actionplans"
    verbose_name = "Action plans (Document 20)"

    def ready(self) -> None:
        from cspr.actionplans import documents, panels, portal_kind, sections
        from cspr.audit import english
        from cspr.cases import sections as case_sections
        from cspr.portal.kinds import registry
        from cspr.ui import dashboard
        from cspr.ui.context_processors import register_navigation

        registry.register(portal_kind.KIND)
        documents.register_document_context()
        dashboard.register(panels.dashboard_panel)
        case_sections.register(sections.case_section)
        register_navigation("actionplans:index", "Action plans", "cases", order=45)
        english.register(
            {
                "actionplans.create_action": "added an action to the action plan",
                "actionplans.record_progress": "recorded progress on an action",
                "actionplans.request_update": "asked an agency for a progress update on an action",
                "actionplans.apply_agency_update": "recorded an agency's accepted progress update on an action",
                "actionplans.close_action": "closed an action",
                "actionplans.carry_action": "carried an action into another plan",
                "actionplans.plan_closed": "closed the action plan (every action closed or carried)",
                "actionplans.add_evidence_file": "attached a file of evidence of impact to an action",
                "actionplans.remind": "queued an action plan reminder (the outbox sends it)",
            }
        )
