from django.apps import AppConfig


class RapidreviewConfig(AppConfig):
    name = "cspr.rapidreview"
    label = "rapidreview"

    def ready(self) -> None:
        from cspr.audit import english
        from cspr.cases import sections
        from cspr.rapidreview.context import register_contexts
        from cspr.rapidreview.sections import dashboard_panel, rapid_review_section
        from cspr.ui import dashboard
        from cspr.ui.context_processors import register_navigation

        # The meeting, read for every case: joined into the case page's query for the case.
        sections.register(rapid_review_section, related=("rr_meeting",))
        dashboard.register(dashboard_panel)
        register_navigation("rapidreview:notify", "Should we notify?", "internal", order=25)
        register_contexts()
        english.register(
            {
                "read.rapid_review": "viewed the Rapid Review",
                "rapidreview.record_scoping_sent": "sent the scoping requests",
                "rapidreview.set_meeting": "set the Rapid Review meeting date",
                "rapidreview.send_invitations": "sent the meeting invitations",
                "rapidreview.save_attendee": "recorded attendance",
                "rapidreview.save_absence": "recorded an absent agency",
                "rapidreview.save_record": "saved the Rapid Review record",
                "rapidreview.record_decision": "recorded the Rapid Review decision",
                "rapidreview.ratify": "recorded a ratification",
                "rapidreview.endorse": "recorded the scrutineer's endorsement",
                "rapidreview.submit": "submitted the Rapid Review to the National Panel",
                "rapidreview.record_panel_response": "recorded the National Panel's response",
                "rapidreview.add_panel_consideration": "added a National Panel consideration",
                "rapidreview.update_panel_consideration": "changed a National Panel consideration",
            }
        )
