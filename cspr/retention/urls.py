"""URLs of retention schedules, legal holds, destruction, subject-access export."""

from django.urls import URLPattern, URLResolver, path

from cspr.retention import views

app_name = "retention"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.schedules, name="schedules"),
    path("schedules/<str:record_class>/", views.schedule_edit, name="schedule_edit"),
    path("contact/", views.contact, name="contact"),
    path("review/", views.review, name="review"),
    path("review/<str:record_class>/<str:reference>/", views.unit, name="unit"),
    path("decisions/<int:pk>/destroy/", views.destroy, name="destroy"),
    path("holds/", views.holds, name="holds"),
    path("holds/new/", views.hold_add, name="hold_add"),
    path("holds/<int:pk>/release/", views.hold_release, name="hold_release"),
    path("holds/person/<str:reference>/<int:person_id>/", views.person_hold, name="person_hold"),
    path("certificates/", views.certificates, name="certificates"),
    path("certificates/<int:pk>/", views.certificate_page, name="certificate"),
    path("certificates/<int:pk>/<str:fmt>/", views.certificate_file, name="certificate_file"),
    path("subject-access/", views.subject_access, name="subject_access"),
    path("subject-access/<str:reference>/<int:person_id>/", views.subject_access_export, name="subject_access_export"),
]
