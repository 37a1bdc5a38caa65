from django.urls import path

from cspr.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.user_list, name="users"),
    path("new/", views.new_user, name="new_user"),
    path("<int:user_id>/", views.user_detail, name="user"),
    path("<int:user_id>/disable/", views.disable_user, name="disable_user"),
    path("<int:user_id>/send-link/", views.send_link, name="send_link"),
    path("<int:user_id>/reset-second-factor/", views.reset_second_factor, name="reset_second_factor"),
    path("<int:user_id>/statutory-partner/", views.statutory_partner, name="statutory_partner"),
]
