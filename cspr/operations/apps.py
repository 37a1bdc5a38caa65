from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "cspr.operations"
    label = "operations"
    verbose_name = "Running the service: health, logs, storage, backups"
