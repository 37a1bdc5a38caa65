"""URLs of retention schedules, legal holds, destruction, subject-access export."""

from django.urls import URLPattern, URLResolver

app_name = "retention"
urlpatterns: list[URLPattern | URLResolver] = []
