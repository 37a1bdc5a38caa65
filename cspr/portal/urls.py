from django.urls import path

from cspr.portal import views_agency, views_case, views_lcspr, views_manage

app_name = "portal"
urlpatterns = [
    # The agency's pages (agency users only, their own agency's requests).
    path("", views_agency.home, name="home"),
    path("requests/<int:request_id>/", views_agency.request_detail, name="request"),
    path("requests/<int:request_id>/answer/", views_agency.answer, name="answer"),
    path("requests/<int:request_id>/answer/<slug:section>/", views_agency.answer_section, name="answer_section"),
    path("requests/<int:request_id>/check/", views_agency.check, name="check"),
    path("requests/<int:request_id>/no-involvement/", views_agency.no_involvement, name="no_involvement"),
    path("requests/<int:request_id>/upload/", views_agency.upload, name="upload"),
    path("requests/<int:request_id>/upload/<uuid:job_id>/", views_agency.upload_progress, name="upload_progress"),
    path("requests/<int:request_id>/documents/<slug:kind>/", views_agency.document, name="document"),
    path("requests/<int:request_id>/files/<int:upload_id>/", views_agency.download, name="download"),
    path("requests/<int:request_id>/interviews/", views_lcspr.interviews_page, name="interviews"),
    path("requests/<int:request_id>/interviews/<int:interview_id>/", views_lcspr.interviews_page, name="interview"),
    # The coordinator's pages on a case.
    path("case/<str:reference>/requests/", views_case.case_requests, name="case_requests"),
    path("case/<str:reference>/scoping/send/", views_case.send_scoping, name="send_scoping"),
    path("case/<str:reference>/scoping/collated/", views_case.collated, {"kind": "scoping"}, name="collated"),
    path("case/<str:reference>/collated/<slug:kind>/", views_case.collated, name="kind_collated"),
    path("case/<str:reference>/scoping/actions/", views_case.tracker, name="tracker"),
    path("case/<str:reference>/send/<slug:kind>/", views_lcspr.send_kind, name="send_kind"),
    path("case/<str:reference>/disclosure/", views_lcspr.disclosures, name="disclosures"),
    path("case/<str:reference>/disclosure/new/", views_lcspr.new_disclosure, name="new_disclosure"),
    path(
        "case/<str:reference>/disclosure/<int:disclosure_id>/answer/",
        views_lcspr.answer_disclosure,
        name="answer_disclosure",
    ),
    path("case/<str:reference>/requests/<int:request_id>/", views_case.case_request, name="case_request"),
    path("case/<str:reference>/requests/<int:request_id>/review/", views_case.review, name="review"),
    path(
        "case/<str:reference>/requests/<int:request_id>/corrections/<int:correction_id>/",
        views_case.correction,
        name="correction",
    ),
    path("case/<str:reference>/requests/<int:request_id>/escalate/", views_case.escalate, name="escalate"),
    path(
        "case/<str:reference>/requests/<int:request_id>/documents/<slug:kind>/",
        views_case.case_document,
        name="case_document",
    ),
    path(
        "case/<str:reference>/requests/<int:request_id>/files/<int:upload_id>/",
        views_case.case_download,
        name="case_download",
    ),
    # Agency leads: the partnership's management pages, and the public invitation link.
    path("agencies/", views_manage.agencies, name="agencies"),
    path("agencies/<int:agency_id>/", views_manage.agency, name="agency"),
    path("agencies/<int:agency_id>/invite/", views_manage.invite, name="invite"),
    path("agencies/<int:agency_id>/leads/<int:user_id>/disable/", views_manage.disable_lead, name="disable_lead"),
    path("invitation/<str:token>/", views_manage.invitation, name="invitation"),
]
