from django.urls import path

from kopa.site import views, views_outbox

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/signup/", views.signup_view, name="signup"),
    path("accounts/verify/<uidb64>/<token>/", views.verify_email, name="verify_email"),
    path("my/", views.my_home, name="my_home"),
    path("staff/outbox/", views_outbox.outbox, name="outbox"),
]
