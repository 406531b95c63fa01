"""Throttling: the client's address, the account name django-axes counts failed logins for, and
cache-backed rate limits for the public forms that send e-mail or record answers (sign-up,
registration, response links).

A rate limit counts requests per client address, and per e-mail address where the form has one, in
fixed windows (`KOPA_RATE_LIMITS`: "count/seconds" per scope). Over the limit the page answers 429
with "Too many requests" in the visitor's language; nothing is done or sent.
"""

import hashlib
import ipaddress
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def client_ip(request) -> str:
    """The client's address: the connection's, or behind `KOPA_TRUSTED_PROXIES` reverse proxies the
    address the outermost trusted proxy saw (the header's entries before it can be forged)."""
    proxies = getattr(settings, "KOPA_TRUSTED_PROXIES", 0)
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def client_ip_for_axes(request) -> str | None:
    """The client's address for the login throttle, which stores it in an address column: None when
    there is no valid one (a login made by code, or a proxy that forwarded "unknown")."""
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def login_username(request, credentials) -> str:
    """The account name failed logins are counted for: the e-mail address, in lower case."""
    source = credentials if credentials else getattr(request, "POST", {})
    return str((source or {}).get("username") or "").strip().lower()


def parse_rate(rate: str) -> tuple[int, int]:
    """"count/seconds" as (count, seconds)."""
    count, _slash, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


def hit(scope: str, kind: str, value: str, *, now: float | None = None) -> bool:
    """Count one request for `value` in `scope`; whether it is still within the limit."""
    limit, window = parse_rate(settings.KOPA_RATE_LIMITS[scope])
    slot = int((now if now is not None else time.time()) // window)
    digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]
    key = f"kopa:rate:{scope}:{kind}:{digest}:{slot}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # lapsed between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return count <= limit


def too_many_requests(request):
    return render(request, "429.html", status=429)


def rate_limit(
    scope: str, *, fields: tuple[str, ...] = (), methods: tuple[str, ...] = ("POST",),
    anonymous_only: bool = False,
):
    """A view decorator: limit `methods` requests per client address and per value of the posted
    `fields` (e-mail addresses, lower case); with `anonymous_only`, only of people not logged in."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            exempt = anonymous_only and request.user.is_authenticated
            if request.method in methods and not exempt:
                allowed = hit(scope, "ip", client_ip(request))
                for name in fields:
                    value = str(request.POST.get(name, "")).strip().lower()
                    if value:
                        allowed = hit(scope, name, value) and allowed
                if not allowed:
                    return too_many_requests(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
