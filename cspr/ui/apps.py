from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "cspr.ui"
    label = "ui"
