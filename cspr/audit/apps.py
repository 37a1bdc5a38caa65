from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cspr.audit"
    label = "audit"
