from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "cspr.organisations"
    label = "organisations"
