"""URLs of approval, pre-reading, the publication plan, copies, publication."""

from django.urls import URLPattern, URLResolver

app_name = "publication"
urlpatterns: list[URLPattern | URLResolver] = []
