from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "cspr.chronology"
    label = "chronology"
