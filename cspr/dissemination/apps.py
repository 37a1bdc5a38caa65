from django.apps import AppConfig


class DisseminationConfig(AppConfig):
    name = "cspr.dissemination"
    label = "dissemination"
    verbose_name = "Dissemination of learning"
