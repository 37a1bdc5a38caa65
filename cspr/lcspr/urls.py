from django.urls import path

from cspr.lcspr import views

app_name = "lcspr"
urlpatterns = [
    # The invitation link is public (the person has no account yet); it carries a signed id only.
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("<str:reference>/", views.overview, name="overview"),
    path("<str:reference>/terms/", views.terms_page, name="terms"),
    path("<str:reference>/terms/edit/", views.terms_edit, name="terms_edit"),
    path("<str:reference>/terms/agree/", views.terms_agree, name="terms_agree"),
    path("<str:reference>/terms/change/", views.terms_change, name="terms_change"),
    path("<str:reference>/terms/versions/", views.terms_compare, name="terms_compare"),
    path("<str:reference>/team/", views.team, name="team"),
    path("<str:reference>/team/appoint/", views.appoint, name="appoint"),
    path("<str:reference>/team/<int:appointment_id>/", views.appointment_edit, name="appointment_edit"),
    path("<str:reference>/team/<int:appointment_id>/end/", views.appointment_end, name="appointment_end"),
    path(
        "<str:reference>/team/<int:appointment_id>/invitation/",
        views.resend_invitation,
        name="resend_invitation",
    ),
]
