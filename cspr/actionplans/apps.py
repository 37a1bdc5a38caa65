from django.apps import AppConfig


class ActionplansConfig(AppConfig):
    name = "cspr.actionplans"
    label = "actionplans"
    verbose_name = "Action plans (Document 20)"
