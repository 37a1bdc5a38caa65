"""URLs of learning points and recommendations and the partners' endorsement."""

from django.urls import URLPattern, URLResolver, path

from cspr.learning import views

app_name = "learning"
urlpatterns: list[URLPattern | URLResolver] = [
    path("settings/", views.limit_settings, name="settings"),
    path("<str:reference>/", views.index, name="index"),
    path("<str:reference>/point/", views.point_add, name="point_add"),
    path("<str:reference>/point/<int:pk>/", views.point_edit, name="point_edit"),
    path("<str:reference>/recommendation/", views.recommendation_add, name="recommendation_add"),
    path("<str:reference>/recommendation/<int:pk>/", views.recommendation_edit, name="recommendation_edit"),
    path("<str:reference>/recommendation/<int:pk>/endorse/", views.endorse, name="endorse"),
    path(
        "<str:reference>/recommendation/<int:pk>/endorse/on-behalf/",
        views.endorse_on_behalf,
        name="endorse_on_behalf",
    ),
]
