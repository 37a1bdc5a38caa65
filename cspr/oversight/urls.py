from django.urls import URLPattern, URLResolver, path

from cspr.oversight import views

app_name = "oversight"
urlpatterns: list[URLPattern | URLResolver] = [
    path("<str:reference>/", views.clock_page, name="clock"),
    path("<str:reference>/checks/add/", views.check_add, name="check_add"),
    path("<str:reference>/pauses/add/", views.pause_add, name="pause_add"),
    path("<str:reference>/pauses/<int:pause_id>/end/", views.pause_end, name="pause_end"),
    path("<str:reference>/panel-discussion/", views.panel_discussion, name="panel_discussion"),
]
