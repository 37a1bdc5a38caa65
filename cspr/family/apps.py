from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "cspr.family"
    label = "family"
    verbose_name = "Family engagement"

    def ready(self) -> None:
        from cspr.audit import english
        from cspr.family import documents, tasklist
        from cspr.lcspr import tasklist as lcspr_tasklist

        lcspr_tasklist.register(tasklist.section)
        documents.register_document_context()
        english.register(
            {
                "family.save_invitation": "recorded whether a family member is invited and who makes contact",
                "family.record_contact": "recorded a contact with a family member",
                "family.send_letter": "recorded the family letter and leaflet as sent",
                "family.record_view": "recorded a family member's view",
                "family.offer_support": "recorded support offered to a family member",
                "family.update_support": "recorded whether support was taken up",
                "family.record_involvement": "recorded whether a family member is taking part",
                "family.record_shared": "recorded what was shared with the family before publication",
                "read.family_letter": "downloaded a family letter (Document 8)",
                "read.family_leaflet": "downloaded the family leaflet (Document 9)",
            }
        )
