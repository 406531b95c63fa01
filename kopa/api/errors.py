"""One JSON error shape for the whole API: {"error": {"code", "message", "fields"}}, and its
description for the OpenAPI document."""

from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults

from kopa.core.errors import KopaError

DRF_CODES = {
    exceptions.ValidationError: "validation_failed",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.ParseError: "parse_error",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
}


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


def exception_handler(exc, context):
    if isinstance(exc, KopaError):
        return Response(
            error_body(exc.code, exc.message, {k: [str(m) for m in v] for k, v in exc.fields.items()}),
            status=exc.status,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_handler(exc, context)
    if response is None:
        return None
    code = next((c for cls, c in DRF_CODES.items() if isinstance(exc, cls)), "error")
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        fields = {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()}
        message = _("Some fields need correcting.")
    else:
        fields = {}
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if response.status_code == status.HTTP_401_UNAUTHORIZED and code == "permission_denied":
        code = "not_authenticated"
    response.data = error_body(code, message, fields)
    return response


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=gettext_lazy("Stable, machine-readable code, e.g. validation_failed."))
    message = serializers.CharField(help_text=gettext_lazy("A message for people, in the request's language."))
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=gettext_lazy("Messages per field name, for validation errors."),
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


def server_error(request):
    """Django's 500 handler: the API's error shape under /api/, Django's page elsewhere. Nothing about
    the failure is shown; it is in the server's log."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            error_body("server_error", _("Something went wrong on our side. Try again later.")), status=500
        )
    return defaults.server_error(request)
