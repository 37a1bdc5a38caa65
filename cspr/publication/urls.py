"""URLs of approval, pre-reading, the publication plan, copies, publication."""

from django.urls import URLPattern, URLResolver, path

from cspr.publication import views

app_name = "publication"
urlpatterns: list[URLPattern | URLResolver] = [
    path("<str:reference>/", views.overview, name="overview"),
    path("<str:reference>/report/", views.upload, name="upload"),
    path("<str:reference>/approve/", views.approve, name="approve"),
    path("<str:reference>/approve/on-behalf/", views.approve_on_behalf, name="approve_on_behalf"),
    path("<str:reference>/pre-reading/", views.pre_reading, name="pre_reading"),
    path("<str:reference>/practitioners/", views.briefing, name="briefing"),
    path("<str:reference>/plan/", views.plan, name="plan"),
    path("<str:reference>/copies/", views.copies, name="copies"),
    path("<str:reference>/published/", views.published, name="published"),
    path("<str:reference>/nspcc/", views.nspcc, name="nspcc"),
    path("<str:reference>/archive/", views.archive, name="archive"),
    path("<str:reference>/not-publishing/", views.not_publishing, name="not_publishing"),
]
