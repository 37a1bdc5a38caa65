from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "cspr.documents"
    label = "documents"

    def ready(self) -> None:
        from cspr.audit import english
        from cspr.cases import sections
        from cspr.documents import views

        english.register(
            {
                "documents.generate": "generated a document",
                "read.documents": "viewed the case's documents",
            }
        )
        sections.register(views.case_section)
