"""Small request helpers shared by the apps' views, and the site's address for links."""

from contextvars import ContextVar

from django.conf import settings
from django.http import Http404

# Where links point in scheduled work when KOPA_SITE_URL is not set: the development server.
DEFAULT_SITE_URL = "http://127.0.0.1:8000"
# The address of the request being answered (set by `kopa.core.middleware.RequestSiteMiddleware`),
# so that e-mails sent while answering it link to where Kopa really answers.
REQUEST_SITE: ContextVar[str] = ContextVar("kopa_request_site", default="")


def site_url(request=None) -> str:
    """The address links in e-mails and calendar files start with, without a trailing slash:
    `KOPA_SITE_URL` when set, else the address of the request (given or being answered), else, in
    scheduled work, the development server's."""
    configured = getattr(settings, "KOPA_SITE_URL", "")
    if configured:
        return configured.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return (REQUEST_SITE.get() or DEFAULT_SITE_URL).rstrip("/")


def posted_id(request, name: str) -> int:
    """The whole number posted as `name`; anything else is a 404, never a server error."""
    value = (request.POST.get(name) or "").strip()
    if not value.isdigit():
        raise Http404()
    return int(value)


def posted_ids(request, name: str) -> list[int]:
    """Every value posted as `name`, each a whole number, once each and sorted; anything else is a
    404, never a server error."""
    values = [value.strip() for value in request.POST.getlist(name)]
    if not all(value.isdigit() for value in values):
        raise Http404()
    return sorted({int(value) for value in values})
