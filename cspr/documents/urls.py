from django.urls import path

from cspr.documents import views

app_name = "documents"
urlpatterns = [
    path("<str:reference>/", views.case_documents, name="case"),
    path("<str:reference>/generate/<str:document_id>/<str:fmt>/", views.generate, name="generate"),
    path("<str:reference>/pack/<str:stage>/", views.generate_pack, name="pack"),
    path("<str:reference>/download/<int:pk>/", views.download, name="download"),
]
