from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "cspr.retention"
    label = "retention"
    verbose_name = "Data lifecycle"
