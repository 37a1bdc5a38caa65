from django.urls import path

from cspr.deadlines import views

app_name = "deadlines"
urlpatterns = [
    path("calculator/", views.calculator, name="calculator"),
    path("case/<str:reference>/<slug:key>/change/", views.adjust, name="adjust"),
    path("closure-days/", views.closure_days, name="closure_days"),
    path("failed-reminders/", views.outbox, name="outbox"),
]
