from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "cspr.portal"
    label = "portal"

    def ready(self) -> None:
        # The LCSPR's request actions register themselves on import (rules 53-57).
        from cspr.audit.english import register
        from cspr.cases import sections
        from cspr.portal import disclosure, interviews, lcspr_requests  # noqa: F401
        from cspr.portal.glance import case_section
        from cspr.portal.panels import agency_panel, coordinator_panel
        from cspr.ui import dashboard
        from cspr.ui.context_processors import register_navigation

        register(
            {
                "portal.create": "created an information request",
                "portal.send": "sent an information request",
                "portal.open": "opened an information request",
                "portal.draft_saved": "saved a draft return",
                "portal.confirm_no_involvement": "confirmed in writing that the agency had no involvement",
                "portal.submit": "submitted a return",
                "portal.resubmit": "resubmitted a return",
                "portal.request_revision": "asked an agency to revise its return",
                "portal.accept": "accepted a return",
                "portal.correction_accepted": "accepted a correction to the family details",
                "portal.correction_rejected": "rejected a correction to the family details",
                "portal.uploaded": "uploaded a file",
                "portal.reminder_sent": "sent a reminder to an agency",
                "portal.reminder_queued": "queued a reminder to an agency (the outbox sends it)",
                "portal.escalated": "escalated an information request",
                "portal.escalation_outcome": "recorded the outcome of an escalation",
                "portal.invited": "invited an agency safeguarding lead",
                "portal.strategic_lead_updated": "changed an agency's strategic safeguarding lead",
                "portal.scoping_sent_date_set": "recorded the date scoping requests were sent",
                "portal.send_scoping_requests": "sent the scoping requests",
                "portal.send_lcspr_requests": "sent information requests for the LCSPR",
                "portal.return_incomplete": "returned an information report with unanswered questions",
                "portal.interview_recorded": "recorded a staff interview for an information report",
                "portal.record_disclosure_request": "recorded a disclosure request from the police or a court",
                "portal.answer_disclosure_request": "sent an agency's contact details in answer to a disclosure request",
                "read.portal_request": "viewed an information request",
                "read.portal_requests": "viewed the agency requests of the case",
                "read.portal_collated": "viewed the collated scoping returns",
                "read.portal_tracker": "viewed the immediate-learning action tracker",
            }
        )
        sections.register(case_section)
        from cspr.lcspr import tasklist
        from cspr.portal.documents_context import register_context
        from cspr.portal.tasks_lcspr import information_from_agencies

        register_context()
        tasklist.register(information_from_agencies)
        dashboard.register(agency_panel, coordinator_panel)
        register_navigation("portal:agencies", "Agencies", "manage", order=90)
