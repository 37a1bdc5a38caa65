from django.urls import include, path

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("", include("cspr.ui.urls")),
    path("cases/", include("cspr.cases.urls")),
    path("deadlines/", include("cspr.deadlines.urls")),
    path("rapid-review/", include("cspr.rapidreview.urls")),
    path("portal/", include("cspr.portal.urls")),
    path("documents/", include("cspr.documents.urls")),
    path("chronology/", include("cspr.chronology.urls")),
    path("lcspr/", include("cspr.lcspr.urls")),
    path("oversight/", include("cspr.oversight.urls")),
    path("review-meetings/", include("cspr.reviewmeetings.urls")),
    path("family/", include("cspr.family.urls")),
    path("workshops/", include("cspr.workshops.urls")),
    path("library/", include("cspr.library.urls")),
    path("learning/", include("cspr.learning.urls")),
    path("report/", include("cspr.report.urls")),
    path("publication/", include("cspr.publication.urls")),
    path("action-plans/", include("cspr.actionplans.urls")),
    path("dissemination/", include("cspr.dissemination.urls")),
    path("retention/", include("cspr.retention.urls")),
    path("partnership/users/", include("cspr.accounts.urls")),
    path("partnership/", include("cspr.organisations.urls")),
    path("audit/", include("cspr.audit.urls")),
    path("", include("cspr.operations.urls")),
]

handler400 = "cspr.ui.views.handler400"
handler403 = "cspr.ui.views.handler403"
handler404 = "cspr.ui.views.handler404"
handler500 = "cspr.ui.views.handler500"
