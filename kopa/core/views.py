from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.db import DatabaseError, connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import check_for_language, get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kopa.agencies.selectors import is_agency_staff
from kopa.core.forms import SignupForm
from kopa.core.models import UserPreference
from kopa.core.services import preference_set, signup
from kopa.directory.selectors import public_organisation_list, representations_of
from kopa.programmes.selectors import partnership_list


def home(request):
    return render(request, "core/home.html", {
        "organisation_count": public_organisation_list().count(),
        "partnerships": partnership_list()[:6],
    })


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


def signup_view(request):
    if request.user.is_authenticated:
        return redirect("core:my_home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        signup(data=form.cleaned_data, language=get_language(), base_url=request.build_absolute_uri("/"))
        return render(request, "core/signup_done.html", {"email": form.cleaned_data["email"]})
    return render(request, "core/signup.html", {"form": form})


def verify_email(request, uidb64: str, token: str):
    User = get_user_model()
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "core/verify_failed.html", status=400)
    user.is_active = True
    user.save(update_fields=["is_active"])
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Thank you: your e-mail address is confirmed."))
    return redirect("core:my_home")


@login_required
def my_home(request):
    return render(request, "core/my_home.html", {
        "representations": representations_of(request.user),
        "is_staff": is_agency_staff(request.user),
    })
