from django.urls import path

from cspr.rapidreview import views

app_name = "rapidreview"
urlpatterns = [
    path("should-we-notify/", views.notify_helper, name="notify"),
    path("panel-considerations/", views.considerations, name="considerations"),
    path("panel-considerations/<int:item_id>/toggle/", views.consideration_toggle, name="consideration_toggle"),
    path("<str:reference>/", views.overview, name="overview"),
    path("<str:reference>/scoping/", views.scoping, name="scoping"),
    path("<str:reference>/meeting/", views.meeting, name="meeting"),
    path("<str:reference>/meeting/invitations/", views.invitations, name="invitations"),
    path("<str:reference>/attendees/add/", views.attendee_edit, name="attendee_add"),
    path("<str:reference>/attendees/<int:attendee_id>/", views.attendee_edit, name="attendee_edit"),
    path("<str:reference>/absences/add/", views.absence_add, name="absence_add"),
    path("<str:reference>/record/<str:section>/", views.record_section, name="record"),
    path("<str:reference>/decision/", views.decision, name="decision"),
    path("<str:reference>/ratify/", views.ratify, name="ratify"),
    path("<str:reference>/ratify/on-behalf/", views.ratify_on_behalf, name="ratify_on_behalf"),
    path("<str:reference>/endorse/", views.endorse, name="endorse"),
    path("<str:reference>/submit/", views.submit, name="submit"),
    path("<str:reference>/panel-response/", views.panel_response, name="panel_response"),
]
