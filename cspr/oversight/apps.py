from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "cspr.oversight"
    label = "oversight"
    verbose_name = "Regulation 14: the six-month clock, progress checks, pauses and the Panel"
