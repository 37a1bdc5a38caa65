from django.urls import URLPattern, URLResolver

app_name = "reviewmeetings"
urlpatterns: list[URLPattern | URLResolver] = []
