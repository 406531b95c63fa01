"""Kopa's own API documentation page, built from the OpenAPI document: per operation its method,
path, summary, who may call it, parameters, request fields and responses."""

from dataclasses import dataclass, field
from functools import lru_cache

from drf_spectacular.generators import SchemaGenerator

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

METHODS = ("get", "post", "put", "patch", "delete")
# The OpenAPI document's tags, as the page's headings name them.
TAG_LABELS = {
    "account": _("Your account"),
    "organisations": _("Organisations"),
    "directory": _("Directory"),
    "reference": _("Reference lists"),
    "programmes": _("Programmes"),
    "events": _("Events"),
    "my events": _("My events"),
    "outreach": _("Outreach"),
    "matchmaking": _("Matchmaking"),
}


@dataclass
class Field:
    name: str
    type: str
    required: bool
    description: str


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    anonymous: bool
    anchor: str
    parameters: list[Field] = field(default_factory=list)
    request: list[Field] = field(default_factory=list)
    request_name: str = ""
    responses: list[tuple[str, str, str]] = field(default_factory=list)  # status, schema, description


@dataclass
class Section:
    tag: str
    operations: list[Operation]

    @property
    def label(self) -> str:
        return str(TAG_LABELS.get(self.tag, self.tag.capitalize()))


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _type(schema: dict) -> str:
    """A short, readable type: "string (date)", "array of Organisation", "Stage or null"."""
    if not schema:
        return "any"
    if "$ref" in schema:
        return _ref_name(schema["$ref"])
    for combined in ("allOf", "oneOf", "anyOf"):
        if combined in schema:
            return " or ".join(_type(part) for part in schema[combined])
    kind = schema.get("type", "object")
    if kind == "array":
        text = f"array of {_type(schema.get('items', {}))}"
    elif "format" in schema:
        text = f"{kind} ({schema['format']})"
    else:
        text = str(kind)
    if schema.get("enum"):
        text += ": " + ", ".join(str(v) for v in schema["enum"] if v not in ("", None))
    if schema.get("nullable"):
        text += " or null"
    return text


def _schema_fields(document: dict, schema: dict) -> tuple[str, list[Field]]:
    name = _ref_name(schema["$ref"]) if "$ref" in schema else ""
    if name:
        schema = document["components"]["schemas"].get(name, {})
    required = set(schema.get("required", []))
    fields = [
        Field(
            name=prop,
            type=_type(spec),
            required=prop in required,
            description=spec.get("description", ""),
        )
        for prop, spec in schema.get("properties", {}).items()
        if not spec.get("readOnly")
    ]
    return name, fields


def _operation(document: dict, path: str, method: str, spec: dict) -> Operation:
    operation = Operation(
        method=method.upper(),
        path=path,
        summary=spec.get("summary", ""),
        description=spec.get("description", ""),
        anonymous={} in spec.get("security", []),
        anchor=spec.get("operationId", f"{method}{path}"),
    )
    for parameter in spec.get("parameters", []):
        operation.parameters.append(Field(
            name=f"{parameter['name']} ({parameter['in']})",
            type=_type(parameter.get("schema", {})),
            required=bool(parameter.get("required")),
            description=parameter.get("description", ""),
        ))
    body = spec.get("requestBody", {}).get("content", {}).get("application/json", {})
    if body.get("schema"):
        operation.request_name, operation.request = _schema_fields(document, body["schema"])
    for status, response in sorted(spec.get("responses", {}).items()):
        schema = response.get("content", {}).get("application/json", {}).get("schema", {})
        operation.responses.append((status, _type(schema) if schema else "", response.get("description", "")))
    return operation


@lru_cache(maxsize=1)
def api_sections() -> tuple[dict, list[Section]]:
    """The OpenAPI document's description and its operations grouped by tag, in the order of the
    document. Built once, in English: the endpoints' descriptions are written in English."""
    with override("en"):
        document = SchemaGenerator().get_schema(request=None, public=True)
    sections: dict[str, list[Operation]] = {}
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                spec = item[method]
                tag = (spec.get("tags") or ["api"])[0]
                sections.setdefault(tag, []).append(_operation(document, path, method, spec))
    return document["info"], [Section(tag=tag, operations=ops) for tag, ops in sections.items()]
