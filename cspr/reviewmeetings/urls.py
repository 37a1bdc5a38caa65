from django.urls import URLPattern, URLResolver, path

from cspr.reviewmeetings import views

app_name = "reviewmeetings"
urlpatterns: list[URLPattern | URLResolver] = [
    path("<str:reference>/", views.meeting_list, name="list"),
    path("<str:reference>/add/", views.schedule, name="add"),
    path("<str:reference>/<int:meeting_id>/", views.detail, name="detail"),
    path("<str:reference>/<int:meeting_id>/change/", views.schedule, name="change"),
    path("<str:reference>/<int:meeting_id>/attendees/add/", views.attendee, name="attendee_add"),
    path("<str:reference>/<int:meeting_id>/attendees/<int:attendee_id>/", views.attendee, name="attendee_edit"),
    path("<str:reference>/<int:meeting_id>/attendees/review-team/", views.invite_team, name="invite_team"),
    path("<str:reference>/<int:meeting_id>/items/add/", views.item_add, name="item_add"),
    path("<str:reference>/<int:meeting_id>/items/<int:item_id>/minutes/", views.minutes, name="minutes"),
    path("<str:reference>/<int:meeting_id>/actions/add/", views.action, name="action_add"),
    path("<str:reference>/<int:meeting_id>/actions/<int:action_id>/", views.action, name="action_edit"),
    path("<str:reference>/<int:meeting_id>/held/", views.held, name="held"),
]
