from django.urls import path

from cspr.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("<str:reference>/", views.case_detail, name="detail"),
    path("<str:reference>/dates/", views.case_dates, name="dates"),
    path("<str:reference>/referral/", views.case_referral, name="referral"),
    path("<str:reference>/people/add/", views.person_edit, name="person_add"),
    path("<str:reference>/people/<int:person_id>/", views.person_edit, name="person_edit"),
    path("<str:reference>/relationships/add/", views.relationship_add, name="relationship_add"),
    path("<str:reference>/households/add/", views.household_add, name="household_add"),
    path("<str:reference>/agencies/add/", views.agency_add, name="agency_add"),
    path("<str:reference>/parallel/add/", views.parallel_add, name="parallel_add"),
    path("<str:reference>/events/add/", views.event_add, name="event_add"),
    path("<str:reference>/collaborators/add/", views.collaborator_add, name="collaborator_add"),
    path("<str:reference>/links/add/", views.link_add, name="link_add"),
]
