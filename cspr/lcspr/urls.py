from django.urls import path

from cspr.lcspr import views

app_name = "lcspr"
urlpatterns = [
    path("<str:reference>/", views.overview, name="overview"),
]
