from django.apps import AppConfig


class ReportConfig(AppConfig):
    name = "cspr.report"
    label = "report"
    verbose_name = "The LCSPR report: drafts and checks"
