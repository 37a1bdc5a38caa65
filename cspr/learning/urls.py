"""URLs of learning points and recommendations and the partners' endorsement."""

from django.urls import URLPattern, URLResolver

app_name = "learning"
urlpatterns: list[URLPattern | URLResolver] = []
