"""URLs of themes taxonomy, national reviews library, linked and thematic reviews."""

from django.urls import URLPattern, URLResolver

app_name = "library"
urlpatterns: list[URLPattern | URLResolver] = []
