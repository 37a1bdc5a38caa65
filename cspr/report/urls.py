"""URLs of report drafts, the anonymisation and structure checks, quality markers."""

from django.urls import URLPattern, URLResolver

app_name = "report"
urlpatterns: list[URLPattern | URLResolver] = []
