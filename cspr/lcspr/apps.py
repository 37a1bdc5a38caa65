from django.apps import AppConfig


class LcsprConfig(AppConfig):
    name = "cspr.lcspr"
    label = "lcspr"
    verbose_name = "LCSPR: commissioning, terms of reference and the review team"

    def ready(self) -> None:
        from cspr.audit import english
        from cspr.cases import sections
        from cspr.lcspr import context, setup_tasks, tasklist, views

        sections.register(views.case_section)
        tasklist.register(setup_tasks.setup_section)
        context.register_contexts()
        english.register(
            {
                "lcspr.save_terms": "saved a draft of the terms of reference",
                "lcspr.agree_terms": "recorded the CSPR group's agreement of the terms of reference",
                "lcspr.propose_change": "started a new version of the terms of reference (a significant change)",
                "lcspr.appoint": "appointed someone to the review",
                "lcspr.update_appointment": "changed an appointment to the review",
                "lcspr.end_appointment": "ended an appointment to the review",
                "lcspr.resend_invitation": "sent a new invitation to someone appointed to the review",
                "lcspr.accept_invitation": "set up their account from a reviewer's invitation",
                "lcspr.reviewer_notice": "sent the lead reviewer's name to the National Panel, Ofsted and DfE",
            }
        )
