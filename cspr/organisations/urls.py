from django.urls import path

from cspr.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.settings_page, name="settings"),
]
