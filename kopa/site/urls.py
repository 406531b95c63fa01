from django.urls import path

from kopa.site import views, views_outbox, views_privacy

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/signup/", views.signup_view, name="signup"),
    path("accounts/verify/<uidb64>/<token>/", views.verify_email, name="verify_email"),
    path("my/", views.my_home, name="my_home"),
    path("my/data/", views_privacy.my_data, name="my_data"),
    path("my/data.json", views_privacy.my_data_json, name="my_data_json"),
    path("my/delete/", views_privacy.my_delete, name="my_delete"),
    path("my/delete/<str:token>/", views_privacy.my_delete_confirm, name="my_delete_confirm"),
    path("staff/outbox/", views_outbox.outbox, name="outbox"),
]
