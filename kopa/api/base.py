"""What every v1 endpoint shares: the base view (JSON in, JSON out, throttled per client), form
errors in the API's error shape, and the answer at addresses where there is no endpoint."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from django import forms
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from kopa.api.parsers import SafeJSONParser
from kopa.core.errors import NotFound


class V1View(generics.GenericAPIView):
    """Common ground of every v1 endpoint: JSON in, JSON out, throttled per client."""

    parser_classes = [SafeJSONParser]
    throttle_classes = [AnonRateThrottle, UserRateThrottle]


def form_errors(form: forms.Form) -> dict[str, list[str]]:
    """A Django form's errors as the `fields` of a `validation_failed` error."""
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


@extend_schema(exclude=True)
class Unknown(APIView):
    """Any other address under /api/: a 404 in the API's error shape, whatever the method."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        with_slash = f"{request.path}/"
        if not request.path.endswith("/"):
            try:
                if resolve(with_slash).url_name != "api-unknown":
                    raise NotFound(_("There is no API endpoint at this address. Did you mean %(address)s?")
                                   % {"address": with_slash})
            except Resolver404:
                pass
        raise NotFound(_("There is no API endpoint at this address."))
