from django.urls import path

from cspr.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.partnership_trail, name="partnership"),
    path("case/<str:reference>/", views.case_trail, name="case"),
]
