"""URLs of the audit of progress (partnership) and of dissemination plans and briefings (case)."""

from django.urls import URLPattern, URLResolver, path

from cspr.dissemination import views_plan, views_progress

app_name = "dissemination"
urlpatterns: list[URLPattern | URLResolver] = [
    path("progress/", views_progress.index, name="progress"),
    path("progress/generate/", views_progress.generate, name="progress_generate"),
    path("progress/cycle/", views_progress.cycle, name="progress_cycle"),
    path("progress/<int:pk>/", views_progress.report_page, name="progress_report"),
    path("progress/<int:pk>/report.pdf", views_progress.report_pdf, name="progress_pdf"),
    path("progress/<int:pk>/review/", views_progress.review, name="progress_review"),
    path("case/<str:reference>/", views_plan.plan, name="plan"),
    path("case/<str:reference>/activities/add/", views_plan.activity_add, name="activity_add"),
    path("case/<str:reference>/activities/<int:activity_id>/", views_plan.activity_edit, name="activity_edit"),
    path(
        "case/<str:reference>/activities/<int:activity_id>/attendance/",
        views_plan.attendance_add,
        name="attendance_add",
    ),
    path("case/<str:reference>/briefing/", views_plan.briefing, name="briefing"),
]
