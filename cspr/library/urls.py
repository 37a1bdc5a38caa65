"""URLs of themes taxonomy, national reviews library, linked and thematic reviews."""

from django.urls import URLPattern, URLResolver, path

from cspr.library import views

app_name = "library"
urlpatterns: list[URLPattern | URLResolver] = [
    path("themes/", views.themes, name="themes"),
    path("themes/add/", views.theme_add, name="theme_add"),
    path("themes/<int:pk>/", views.theme_status, name="theme_status"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/add/", views.review_add, name="review_add"),
    path("case/<str:reference>/", views.case_page, name="case"),
    path("case/<str:reference>/reference/", views.reference_add, name="reference_add"),
    path("case/<str:reference>/reference/<int:pk>/considered/", views.considered, name="considered"),
    path("case/<str:reference>/thematic/", views.thematic_add, name="thematic_add"),
]
