"""Liveness and readiness for load balancers and orchestrators: public, no session, no personal data."""

from django.urls import path

from cspr.operations import health

app_name = "operations"
urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
