"""URLs of action plans, progress, evidence and the audit of progress."""

from django.urls import URLPattern, URLResolver

app_name = "actionplans"
urlpatterns: list[URLPattern | URLResolver] = []
