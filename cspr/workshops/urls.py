from django.urls import URLPattern, URLResolver, path

from cspr.workshops import views_case, views_practitioner

app_name = "workshops"
urlpatterns: list[URLPattern | URLResolver] = [
    # The practitioner's own pages (role PRACTITIONER, their own participation only).
    path("invitation/<str:token>/", views_practitioner.invitation, name="invitation"),
    path("mine/", views_practitioner.mine, name="mine"),
    path("mine/workshop/<int:workshop_id>/briefing/", views_practitioner.briefing, name="briefing"),
    path("mine/<int:participant_id>/worksheet/<int:number>/", views_practitioner.worksheet, name="worksheet"),
    path("mine/<int:participant_id>/findings/", views_practitioner.comment, name="comment"),
    # The agency's nominations (portal users, a case where their agency has a request).
    path("agency/<str:reference>/nominations/", views_practitioner.agency_nominations, name="agency_nominations"),
    # The partnership's and review team's pages on a case.
    path("<str:reference>/themes/", views_case.themes, name="themes"),
    path("<str:reference>/themes/add/", views_case.theme_edit, name="theme_add"),
    path("<str:reference>/themes/<int:theme_id>/", views_case.theme_edit, name="theme_edit"),
    path("<str:reference>/nominations/", views_case.nominations, name="nominations"),
    path("<str:reference>/nominations/add/", views_case.nomination_add, name="nomination_add"),
    path("<str:reference>/workshop/add/", views_case.workshop_edit, name="workshop_add"),
    path("<str:reference>/workshop/<int:workshop_id>/", views_case.workshop_detail, name="workshop"),
    path("<str:reference>/workshop/<int:workshop_id>/edit/", views_case.workshop_edit, name="workshop_edit"),
    path("<str:reference>/workshop/<int:workshop_id>/invite/", views_case.invite, name="invite"),
    path(
        "<str:reference>/workshop/<int:workshop_id>/attendance/<int:participant_id>/",
        views_case.attendance,
        name="attendance",
    ),
    path("<str:reference>/worksheets/", views_case.team_worksheets, name="team_worksheets"),
    path("<str:reference>/findings/", views_case.findings, name="findings"),
]
