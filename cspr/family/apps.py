from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "cspr.family"
    label = "family"
    verbose_name = "Family engagement"
