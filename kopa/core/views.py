from axes.utils import reset as axes_reset

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import DatabaseError, connection
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kopa.core.models import UserPreference
from kopa.core.services import preference_set


@never_cache
def healthz(request):
    """200 with the database's status when it answers; 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = {"status": "ok", "vendor": connection.vendor}
        status = 200
    except DatabaseError:
        database = {"status": "unavailable", "vendor": connection.vendor}
        status = 503
    return JsonResponse({"status": "ok" if status == 200 else "degraded", "database": database}, status=status)


def _language_cookie(response, language: str):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


@require_POST
def set_language(request):
    """Switch language: remembered in a cookie, and in the profile of a signed-in user."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = "/"
    if not check_for_language(language) or language not in dict(settings.LANGUAGES):
        return HttpResponseRedirect(next_url)
    if request.user.is_authenticated:
        preference_set(user=request.user, language=language)
    return _language_cookie(HttpResponseRedirect(translate_url(next_url, language)), language)


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        language = UserPreference.objects.filter(user=form.get_user()).values_list("language", flat=True).first()
        if language and language in dict(settings.LANGUAGES):
            response = HttpResponseRedirect(translate_url(self.get_success_url(), language))
            _language_cookie(response, language)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A reset link sets a new password and lifts a login lockout of the account; it never logs
    the person in by itself: they log in with the new password."""

    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username().lower())
        return response
