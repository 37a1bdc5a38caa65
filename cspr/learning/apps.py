from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "cspr.learning"
    label = "learning"
    verbose_name = "Learning points and recommendations"

    def ready(self) -> None:
        from cspr.audit import english
        from cspr.lcspr import tasklist as lcspr_tasklist
        from cspr.learning import documents, tasklist

        lcspr_tasklist.register(tasklist.section)
        documents.register_document_context()
        english.register(
            {
                "learning.add_learning_point": "added a learning point",
                "learning.edit_learning_point": "changed a learning point",
                "learning.add_recommendation": "added a recommendation",
                "learning.edit_recommendation": "changed a recommendation",
                "learning.endorsement_withdrawn": "withdrew a partner's endorsement because the recommendation changed",
                "learning.endorse": "endorsed a recommendation for their partner",
                "learning.endorse_on_behalf": "recorded a partner's endorsement of a recommendation on its behalf",
                "learning.set_recommendation_limit": "changed the partnership's number of recommendations",
            }
        )
