from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "cspr.documents"
    label = "documents"
