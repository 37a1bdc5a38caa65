"""URLs of dissemination plans, briefings and learning events."""

from django.urls import URLPattern, URLResolver

app_name = "dissemination"
urlpatterns: list[URLPattern | URLResolver] = []
