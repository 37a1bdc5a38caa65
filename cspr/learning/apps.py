from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "cspr.learning"
    label = "learning"
    verbose_name = "Learning points and recommendations"
