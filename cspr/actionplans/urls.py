"""URLs of action plans (Document 19/20): the partnership view, each case's plan and its actions."""

from django.urls import URLPattern, URLResolver, path

from cspr.actionplans import views

app_name = "actionplans"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("case/<str:reference>/", views.plan, name="plan"),
    path("case/<str:reference>/add/", views.add, name="add"),
    path("case/<str:reference>/<int:number>/", views.detail, name="action"),
    path("case/<str:reference>/<int:number>/progress/", views.progress, name="progress"),
    path("case/<str:reference>/<int:number>/ask/", views.ask, name="ask"),
    path("case/<str:reference>/<int:number>/close/", views.close, name="close"),
    path("case/<str:reference>/<int:number>/carry/", views.carry, name="carry"),
    path("case/<str:reference>/<int:number>/evidence/", views.evidence, name="evidence"),
    path(
        "case/<str:reference>/<int:number>/evidence/<int:file_id>/",
        views.evidence_download,
        name="evidence_download",
    ),
]
