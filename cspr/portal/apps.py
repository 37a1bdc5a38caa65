from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "cspr.portal"
    label = "portal"
