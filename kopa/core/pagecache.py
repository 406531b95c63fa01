"""The anonymous page cache: public pages rendered once and served again to every visitor who is not
logged in, per language, display mode and full address (path and query string).

- `anonymous_page("events", "agencies")` decorates a public view; the names are the **families** of
  data the page shows. A page is cached only for a GET or HEAD from a visitor who is not logged in
  and has no message waiting, and only when the view answers 200 without setting a cookie or
  `Cache-Control: private/no-store`. A logged-in visitor is never served from, and never fills, the
  cache.
- Each family has a version (`PageCacheVersion`, in the database, so every worker sees the same one
  with or without a shared cache). The cache key holds the versions of the page's families, so a
  change shows on the next request: `watch_app(app_config, family)` raises the family's version
  whenever a model of that app is saved, deleted or has its many-to-many links changed, and
  `changed(family)` does it for bulk writes that send no signal. The version is raised once the
  change commits (a rolled-back change invalidates nothing). `KOPA_PAGE_CACHE_SECONDS` (default
  300) bounds how long any copy is kept, for what depends on the clock (an event that starts, a
  deadline that passes); 0 turns the cache off.
- Pages carry the language switcher, a POST form with a CSRF token. The stored copy keeps a
  placeholder where the token was, and every response gets a fresh token for its own visitor (which
  also sets the visitor's CSRF cookie as a rendered page would), so the forms keep working.
- Anonymous responses of these pages say `Cache-Control: public, max-age=KOPA_PAGE_MAX_AGE` (default
  60 s) and `Vary: Cookie`: a browser or proxy may keep them briefly; a logged-in visitor's response
  stays `private, no-store` (`kopa.core.middleware.PrivateNoStoreMiddleware`).
- Each family also remembers when it last changed; `last_modified("events", ...)` gives the anonymous
  responses of a view (calendar feeds, public PDFs, public API lists) that time as `Last-Modified`, so
  `ConditionalGetMiddleware` answers a matching `If-Modified-Since` with 304. Logged-in responses get
  none (what they show depends on who asks).
"""

import hashlib
import re
from functools import wraps

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Max
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from kopa.core.models import PageCacheVersion

CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]+)(")')
CSRF_PLACEHOLDER = b"\x00kopa-csrf\x00"
KEY_PREFIX = "kopa:page:"

# app label -> family, filled by watch_app() from the apps' ready().
_FAMILY_OF_APP: dict[str, str] = {}


def timeout() -> int:
    return int(getattr(settings, "KOPA_PAGE_CACHE_SECONDS", 300))


def max_age() -> int:
    return int(getattr(settings, "KOPA_PAGE_MAX_AGE", 60))


# --- versions ---------------------------------------------------------------------------------


def versions(families: tuple[str, ...]) -> str:
    """The current versions of `families`, as one string for a cache key (one query)."""
    found = dict(PageCacheVersion.objects.filter(family__in=families).values_list("family", "version"))
    return ".".join(str(found.get(family, 0)) for family in families)


def stamp(family: str) -> str | None:
    """A key for data derived from `family` and kept across requests (other than pages): the family's
    version with the time it was raised, which stays unique when the version table starts again (a
    new test database). None while this connection's transaction holds changes not yet committed:
    their versions are raised at the commit, so what the transaction reads is no version yet and must
    not be kept."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and connection.run_on_commit:
        return None
    row = PageCacheVersion.objects.filter(family=family).values_list("version", "changed_at").first()
    return f"{row[0]}@{row[1].isoformat()}" if row else "0"


def bump_now(family: str) -> None:
    """Raise `family`'s version now (outside any transaction: see `changed`)."""
    changes = {"version": F("version") + 1, "changed_at": timezone.now()}
    if PageCacheVersion.objects.filter(family=family).update(**changes):
        return
    _row, created = PageCacheVersion.objects.get_or_create(family=family)
    if not created:  # another process created it in between
        PageCacheVersion.objects.filter(family=family).update(**changes)


def changed(family: str) -> None:
    """`family`'s public data changed: its cached pages are stale once the change commits. Raising
    the version after the commit keeps the version's row out of the change's own locks."""
    transaction.on_commit(lambda: bump_now(family))


def _model_changed(sender, **kwargs) -> None:
    if sender._meta.apps is not global_apps:
        return  # a migration's historical model: the version table may not exist yet
    family = _FAMILY_OF_APP.get(sender._meta.app_label)
    if family is not None:
        changed(family)


def _links_changed(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _model_changed(sender)


def watch_app(app_config, family: str) -> None:
    """Every model of `app_config` belongs to `family`: saving, deleting or relinking one raises the
    family's version. Call it from the app's `AppConfig.ready()`."""
    _FAMILY_OF_APP[app_config.label] = family
    post_save.connect(_model_changed, dispatch_uid="kopa.core.pagecache.saved")
    post_delete.connect(_model_changed, dispatch_uid="kopa.core.pagecache.deleted")
    m2m_changed.connect(_links_changed, dispatch_uid="kopa.core.pagecache.links")


# --- the cache --------------------------------------------------------------------------------


def _anonymous_without_messages(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    return len(messages.get_messages(request)) == 0


def _key(request, families: tuple[str, ...]) -> str:
    address = hashlib.sha256(
        f"{request.scheme}://{request.get_host()}{request.get_full_path()}".encode()
    ).hexdigest()
    mode = getattr(request, "display_mode", "default")
    return f"{KEY_PREFIX}{get_language()}:{mode}:{versions(families)}:{address}"


def _storable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "")
    return "no-store" not in control and "private" not in control


def _frozen(response) -> dict:
    content, found = CSRF_VALUE.subn(rb"\1" + CSRF_PLACEHOLDER + rb"\3", response.content)
    headers = {name: value for name, value in response.items() if name.lower() not in ("content-length", "vary")}
    return {"content": content, "headers": headers, "csrf": bool(found)}


def _revived(request, frozen: dict) -> HttpResponse:
    content = frozen["content"]
    if frozen["csrf"]:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content)
    for name, value in frozen["headers"].items():
        response[name] = value
    return response


def anonymous_page(*families: str):
    """Cache the decorated public view for anonymous visitors; see the module's description."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if (request.method not in ("GET", "HEAD") or timeout() <= 0
                    or not _anonymous_without_messages(request)):
                return view(request, *args, **kwargs)
            key = _key(request, families)
            frozen = cache.get(key)
            if frozen is not None:
                response = _revived(request, frozen)
            else:
                response = view(request, *args, **kwargs)
                if not _storable(response):
                    return response
                cache.set(key, _frozen(response), timeout())
            patch_cache_control(response, public=True, max_age=max_age())
            patch_vary_headers(response, ("Cookie",))
            return response

        return wrapped

    return decorator


# --- Last-Modified ----------------------------------------------------------------------------


def last_changed(families: tuple[str, ...]):
    """When any of `families` last changed (one query); None when none has changed yet."""
    return PageCacheVersion.objects.filter(family__in=families).aggregate(at=Max("changed_at"))["at"]


def set_last_modified(request, response, families: tuple[str, ...]):
    """Give an anonymous 200 response of `families`' data a `Last-Modified` header."""
    user = getattr(request, "user", None)
    if (response.status_code == 200 and not response.has_header("Last-Modified")
            and user is not None and not user.is_authenticated):
        at = last_changed(families)
        if at is not None:
            response["Last-Modified"] = http_date(at.timestamp())
    return response


def last_modified(*families: str):
    """Decorate a public view whose answer shows `families`' data: see the module's description."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return set_last_modified(request, view(request, *args, **kwargs), families)

        return wrapped

    return decorator
