from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "cspr.workshops"
    label = "workshops"
    verbose_name = "Analysis and reflective learning workshops"
