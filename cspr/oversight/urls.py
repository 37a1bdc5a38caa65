from django.urls import URLPattern, URLResolver

app_name = "oversight"
urlpatterns: list[URLPattern | URLResolver] = []
