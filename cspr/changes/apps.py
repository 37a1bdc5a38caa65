from django.apps import AppConfig


class ChangesConfig(AppConfig):
    name = "cspr.changes"
    label = "changes"
    verbose_name = "Change stamps (what cached page parts are checked against)"
