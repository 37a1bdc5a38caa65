from django.apps import AppConfig


class ReviewmeetingsConfig(AppConfig):
    name = "cspr.reviewmeetings"
    label = "reviewmeetings"
    verbose_name = "Review team meetings"
