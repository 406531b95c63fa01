"""OpenAPI annotations shared by the v1 endpoints: error responses and query parameters that repeat."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from kopa.api.errors import ErrorSerializer

ERROR_DESCRIPTIONS = {
    400: "validation_failed (with `fields`), parse_error",
    401: "not_authenticated, authentication_failed (invalid or revoked token)",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    415: "unsupported_media_type (send JSON)",
    429: "throttled",
}


def errors(*statuses: int) -> dict[int, OpenApiResponse]:
    """Error responses in the one error shape, for an `extend_schema(responses=...)`."""
    return {
        status: OpenApiResponse(response=ErrorSerializer, description=ERROR_DESCRIPTIONS[status])
        for status in statuses
    }


def list_parameter(name: str, description: str, enum=None) -> OpenApiParameter:
    """A query parameter that may be given several times, e.g. `?country=SI&country=LV`."""
    return OpenApiParameter(
        name, {"type": "array", "items": {"type": "string", **({"enum": list(enum)} if enum else {})}},
        OpenApiParameter.QUERY, description=description + " Repeat the parameter for several values.",
        style="form", explode=True,
    )
