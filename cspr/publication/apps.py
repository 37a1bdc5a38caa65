from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "cspr.publication"
    label = "publication"
    verbose_name = "Approval and publication"
