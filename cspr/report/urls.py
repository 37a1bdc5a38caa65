"""URLs of report drafts, the anonymisation and structure checks, quality markers."""

from django.urls import URLPattern, URLResolver, path

from cspr.report import views

app_name = "report"
urlpatterns: list[URLPattern | URLResolver] = [
    path("<str:reference>/", views.index, name="index"),
    path("<str:reference>/upload/", views.upload, name="upload"),
    path("<str:reference>/glossary/", views.glossary_page, name="glossary"),
    path("<str:reference>/draft/<int:number>/", views.draft, name="draft"),
    path("<str:reference>/draft/<int:number>/accept/<int:index>/", views.accept, name="accept"),
    path("<str:reference>/draft/<int:number>/publishable/", views.publish, name="publish"),
    path("<str:reference>/draft/<int:number>/internal.docx", views.download, name="download"),
    path(
        "<str:reference>/draft/<int:number>/publishable.docx",
        views.download_publishable,
        name="download_publishable",
    ),
    path("<str:reference>/draft/<int:number>/quality/", views.quality, name="quality"),
]
