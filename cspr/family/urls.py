from django.urls import URLPattern, URLResolver, path

from cspr.family import views

app_name = "family"
urlpatterns: list[URLPattern | URLResolver] = [
    path("<str:reference>/", views.index, name="index"),
    path("<str:reference>/leaflet.docx", views.leaflet_docx, name="leaflet_docx"),
    path("<str:reference>/shared/", views.shared_add, name="shared_add"),
    path("<str:reference>/person/<int:person_id>/", views.person, name="person"),
    path("<str:reference>/person/<int:person_id>/invitation/", views.invitation, name="invitation"),
    path("<str:reference>/person/<int:person_id>/contact/", views.contact_add, name="contact_add"),
    path("<str:reference>/person/<int:person_id>/letter/", views.letter, name="letter"),
    path("<str:reference>/person/<int:person_id>/letter.docx", views.letter_docx, name="letter_docx"),
    path("<str:reference>/person/<int:person_id>/view/", views.view_add, name="view_add"),
    path("<str:reference>/person/<int:person_id>/support/", views.support_add, name="support_add"),
    path("<str:reference>/person/<int:person_id>/support/<int:pk>/", views.support_edit, name="support_edit"),
    path("<str:reference>/person/<int:person_id>/involvement/", views.involvement, name="involvement"),
]
