"""Display modes (low vision, dyslexia-friendly), chosen by `?display=`, a cookie or the user's profile;
the service errors that reach a page; the address of the request, for links in e-mails; no-store for
responses with private data."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.handlers.exception import response_for_exception
from django.http import Http404
from django.utils.cache import add_never_cache_headers

from kopa.core.errors import KopaError, NotFound, PermissionDenied
from kopa.core.http import REQUEST_SITE
from kopa.core.models import DisplayMode, UserPreference

DISPLAY_COOKIE = "kopa_display"
VALID_MODES = {m.value for m in DisplayMode}


class RequestSiteMiddleware:
    """Remember the address this request came to (its host is checked against ALLOWED_HOSTS), so
    that links in e-mails and calendar files sent while answering it point there
    (`kopa.core.http.site_url`) when `KOPA_SITE_URL` is not set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = REQUEST_SITE.set(request.build_absolute_uri("/"))
        try:
            return self.get_response(request)
        finally:
            REQUEST_SITE.reset(token)


class DisplayModeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        requested = request.GET.get("display")
        chosen = requested if requested in VALID_MODES else None
        mode = chosen or request.COOKIES.get(DISPLAY_COOKIE)
        user = getattr(request, "user", None)
        if chosen and user is not None and user.is_authenticated:
            UserPreference.objects.update_or_create(user=user, defaults={"display_mode": chosen})
        elif not mode and user is not None and user.is_authenticated:
            pref = UserPreference.objects.filter(user=user).values_list("display_mode", flat=True)
            mode = next(iter(pref), None)
        request.display_mode = mode if mode in VALID_MODES else DisplayMode.DEFAULT.value
        response = self.get_response(request)
        if chosen:
            response.set_cookie(
                DISPLAY_COOKIE,
                chosen,
                max_age=365 * 24 * 3600,
                samesite="Lax",
                secure=getattr(settings, "SESSION_COOKIE_SECURE", False),
            )
        return response



class ServiceErrorMiddleware:
    """Pages answer a selector's or service's NotFound and PermissionDenied with a 404, so a page
    never tells a stranger that an object exists; any other KopaError that reaches a page is a 400.

    Views can therefore call selectors directly. The API maps the same hierarchy to its JSON errors
    before this middleware sees them (`kopa.api.errors`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, KopaError):
            return None
        if isinstance(exception, NotFound | PermissionDenied):
            return response_for_exception(request, Http404())
        return response_for_exception(request, BadRequest(str(exception.message)))


# Pages opened from a signed link in an e-mail: they show (or let the holder change) one person's
# data without a login, so no browser or proxy may keep them.
SIGNED_LINK_PAGES = frozenset({
    "events:registration_link",
    "outreach:respond",
    "site:verify_email",
    "core:password_reset_confirm",
})


class PrivateNoStoreMiddleware:
    """`Cache-Control: no-store` on every response to a logged-in person (pages, exports, files,
    the API with a token) and on every page opened from a signed link: nothing private is kept in
    a browser's or a proxy's cache. Public pages seen without logging in stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        signed = match is not None and match.view_name in SIGNED_LINK_PAGES
        if signed or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response
