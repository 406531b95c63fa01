"""OpenAPI annotations shared by the v1 endpoints: error responses and the directory's filters."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from kopa.api.serializers import ErrorSerializer
from kopa.directory.models import Organisation
from kopa.programmes.models import Project

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


def _many(name: str, description: str, enum=None) -> OpenApiParameter:
    return OpenApiParameter(
        name, {"type": "array", "items": {"type": "string", **({"enum": list(enum)} if enum else {})}},
        OpenApiParameter.QUERY, description=description + " Repeat the parameter for several values.",
        style="form", explode=True,
    )


ORGANISATION_FILTERS = [
    OpenApiParameter(
        "scope", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=["visible", "public", "mine"],
        description=(
            "`visible` (default): every organisation you may see: publicly listed ones, those in your "
            "agencies' inventories and those you represent. `public`: the public directory only. "
            "`mine`: the ones you may edit (your agencies' inventories, which is the staff directory, "
            "and the organisations you represent); needs authentication."
        ),
    ),
    OpenApiParameter("q", OpenApiTypes.STR, OpenApiParameter.QUERY,
                     description="Words from the name, town, OID or description; accents do not matter."),
    OpenApiParameter("city", OpenApiTypes.STR, OpenApiParameter.QUERY, description="Part of the town's name."),
    OpenApiParameter("region", OpenApiTypes.STR, OpenApiParameter.QUERY,
                     description="Part of the region's name; case and accents do not matter."),
    _many("country", "ISO 3166-1 alpha-2 country code, e.g. SI."),
    _many("type", "Organisation type.", Organisation.Type.values),
    _many("target_group", "Target group code (see /api/v1/target-groups/)."),
    _many("experience", "Programme experience.", Organisation.Experience.values),
    _many("language", "Working language code (see /api/v1/languages/)."),
    _many("offers", "What the organisation can do; all given must apply.", ["host", "send", "coordinate"]),
    OpenApiParameter("tag", OpenApiTypes.STR, OpenApiParameter.QUERY,
                     description="One of your agencies' private tags. Agency staff only; others get 400."),
]

PROJECT_FILTERS = [
    OpenApiParameter("agency", OpenApiTypes.STR, OpenApiParameter.QUERY, description="Agency slug."),
    _many("programme", "Funding programme.", Project.Programme.values),
    OpenApiParameter("action", OpenApiTypes.STR, OpenApiParameter.QUERY,
                     description="Part of the action code, e.g. KA220."),
    _many("status", "Project status.", Project.Status.values),
]
