from django.urls import path

from cspr.chronology import views

app_name = "chronology"
urlpatterns = [
    path("template.<str:fmt>", views.blank_template, name="blank_template"),
    path("<str:reference>/", views.integrated, name="integrated"),
    path("<str:reference>/timeline.svg", views.timeline_svg, name="timeline_svg"),
    path("<str:reference>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<str:reference>/export.docx", views.export_docx, name="export_docx"),
    path("<str:reference>/entries/add/", views.add_entry, name="add_entry"),
    path("<str:reference>/entries/<int:pk>/", views.edit_entry, name="edit_entry"),
    path("<str:reference>/entries/<int:pk>/flag/", views.flag_entry, name="flag_entry"),
    path("<str:reference>/entries/<int:pk>/duplicate/", views.resolve_duplicate, name="resolve_duplicate"),
    path("<str:reference>/duplicates/", views.duplicates, name="duplicates"),
    path("<str:reference>/upload/", views.upload, name="upload"),
    path("<str:reference>/upload/<uuid:job_id>/", views.upload_progress, name="upload_progress"),
    path("<str:reference>/imports/<int:pk>/", views.preview, name="preview"),
    path("<str:reference>/review-period/", views.review_period, name="review_period"),
    path("<str:reference>/genogram/", views.genogram_page, name="genogram"),
    path("<str:reference>/genogram.png", views.genogram_png, name="genogram_png"),
]
