"""Kopa's URL map with one address under /api/ and one page that fail, for the server-error tests."""

from django.urls import path

from kopa.urls import handler500
from kopa.urls import urlpatterns as kopa_urlpatterns


def fail(request):
    raise RuntimeError("a bug")


urlpatterns = [path("api/v1/failing/", fail), path("failing/", fail), *kopa_urlpatterns]

__all__ = ["handler500", "urlpatterns"]
