from django.apps import AppConfig


class RapidreviewConfig(AppConfig):
    name = "cspr.rapidreview"
    label = "rapidreview"
