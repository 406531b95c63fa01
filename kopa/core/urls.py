from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from kopa.core import views, views_jobs
from kopa.core.forms import PasswordResetForm
from kopa.core.throttling import rate_limit

app_name = "core"

urlpatterns = [
    path("jobs/", views_jobs.job_list, name="job_list"),
    path("jobs/<uuid:public_id>/", views_jobs.job_detail, name="job"),
    path("jobs/<uuid:public_id>/cancel/", views_jobs.job_cancel, name="job_cancel"),
    path("jobs/<uuid:public_id>/download/", views_jobs.job_download, name="job_download"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password-reset/",
        rate_limit("password_reset", fields=("email",))(
            auth_views.PasswordResetView.as_view(
                form_class=PasswordResetForm,
                template_name="registration/password_reset.html",
                email_template_name="registration/password_reset_email.txt",
                subject_template_name="registration/password_reset_subject.txt",
                success_url=reverse_lazy("core:password_reset_done"),
            )
        ),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_sent.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(
            template_name="registration/password_reset_confirm.html",
            success_url=reverse_lazy("core:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("language/", views.set_language, name="set_language"),
]
