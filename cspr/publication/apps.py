from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "cspr.publication"
    label = "publication"
    verbose_name = "Approval and publication"

    def ready(self) -> None:
        from cspr.audit import english
        from cspr.deadlines import services
        from cspr.lcspr import tasklist as lcspr_tasklist
        from cspr.publication import anchors, tasklist

        lcspr_tasklist.register(tasklist.section)
        services.register_anchor_source(anchors.copies_sent)
        english.register(
            {
                "publication.approve": "approved the final report for their partner",
                "publication.approve_on_behalf": "recorded a partner's approval of the final report on its behalf",
                "publication.upload_report": "uploaded the final report",
                "publication.record_pre_reading": "recorded the report given to read before publication",
                "publication.record_briefing": "recorded that an agency told its practitioners the publication date",
                "publication.save_plan": "saved the publication plan",
                "publication.send_copies": "sent the pre-publication copies to the National Panel, Ofsted and the "
                "Secretary of State",
                "publication.record_published": "recorded the report as published",
                "publication.decide_not_to_publish": "recorded the partners' decision not to publish",
                "publication.record_nspcc": "recorded the submission to the NSPCC repository",
                "publication.record_archive": "recorded the report as archived",
                "publication.remind_availability": "sent the reminder that the report's year of availability ends soon",
            }
        )
