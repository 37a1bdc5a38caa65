from django.apps import AppConfig


class LcsprConfig(AppConfig):
    name = "cspr.lcspr"
    label = "lcspr"
    verbose_name = "LCSPR: commissioning, terms of reference and the review team"

    def ready(self) -> None:
        from cspr.cases import sections
        from cspr.lcspr import views

        sections.register(views.case_section)
