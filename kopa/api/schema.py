"""OpenAPI annotations shared by the v1 endpoints: error responses and query parameters that repeat,
and the hook that documents on every operation the errors any operation can answer."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from kopa.api.errors import ErrorSerializer

ERROR_DESCRIPTIONS = {
    400: "validation_failed (with `fields`), parse_error",
    401: "not_authenticated, authentication_failed (invalid or revoked token)",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict: the record is not in a state that allows this (e.g. already published), or an identifier is already used for something else",
    415: "unsupported_media_type (send JSON)",
    429: "throttled",
    500: "server_error (a bug; nothing about it is shown, it is in the server's log)",
}
METHODS = ("get", "post", "put", "patch", "delete")


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


def document_common_errors(result, generator, request, public):
    """A postprocessing hook: every operation documents the errors any operation can answer, in the
    one error shape: 401 (a wrong token), 429 (throttled) and 500; 404 where the path names a record
    or the answer is paged (a page after the last); 400 where there are query parameters or a body;
    415 where there is a body."""
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for item in result.get("paths", {}).values():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            parameters = operation.get("parameters", [])
            statuses = {401, 429, 500}
            if any(p["in"] == "path" or p["name"] == "page" for p in parameters):
                statuses.add(404)
            if any(p["in"] == "query" for p in parameters) or "requestBody" in operation:
                statuses.add(400)
            if "requestBody" in operation:
                statuses.add(415)
            responses = operation.setdefault("responses", {})
            for status in sorted(statuses):
                responses.setdefault(str(status), {"description": ERROR_DESCRIPTIONS[status], "content": error})
    return result
