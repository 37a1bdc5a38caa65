from django.urls import path

from cspr.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("edit/", views.edit_settings, name="edit"),
    path("logo/", views.logo, name="logo"),
]
