import json
import re

import pytest
from drf_spectacular.validation import validate_schema

from django.contrib.staticfiles import finders
from django.core.management import call_command

V1_PATHS = [
    "/api/v1/organisations/",
    "/api/v1/organisations/{id}/",
    "/api/v1/partnerships/",
    "/api/v1/partnerships/{slug}/",
    "/api/v1/projects/",
    "/api/v1/projects/{id}/",
    "/api/v1/target-groups/",
    "/api/v1/themes/",
    "/api/v1/languages/",
    "/api/v1/me/",
]


@pytest.fixture
def schema(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return json.loads(response.content)


def test_schema_is_a_valid_openapi_3_document(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)


def test_schema_lists_every_v1_endpoint(schema):
    assert set(V1_PATHS) <= set(schema["paths"])
    assert set(schema["paths"]["/api/v1/organisations/"]) == {"get", "post"}
    assert {"get", "put", "patch"} == set(schema["paths"]["/api/v1/organisations/{id}/"])


def test_schema_documents_the_directory_filters(schema):
    names = {p["name"] for p in schema["paths"]["/api/v1/organisations/"]["get"]["parameters"]}
    assert {"q", "city", "country", "type", "target_group", "experience", "language", "offers", "tag", "scope",
            "page", "page_size"} <= names


def test_schema_documents_errors_in_the_one_shape(schema):
    post = schema["paths"]["/api/v1/organisations/"]["post"]["responses"]
    for status in ("400", "401", "403"):
        assert post[status]["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/Error"
    detail = schema["components"]["schemas"]["ErrorDetail"]
    assert set(detail["properties"]) == {"code", "message", "fields"}


def test_schema_documents_token_authentication(schema):
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert scheme["in"] == "header" and scheme["name"] == "Authorization"


def test_organisation_schema_has_multilingual_description_and_code_lists(schema):
    organisation = schema["components"]["schemas"]["Organisation"]["properties"]
    assert set(organisation["description"]["properties"]) == {"en", "sl", "lv"}
    assert organisation["target_groups"]["type"] == "array"
    assert "notes" not in organisation


def test_schema_generation_has_no_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "/api/v1/organisations/" in (tmp_path / "schema.yaml").read_text()


def test_swagger_ui_is_served_from_kopa_not_a_cdn(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any("swagger-ui-bundle.js" in a for a in assets)
    # Kopa's static files, and the page's own start-up script (a file, for the Content-Security-Policy).
    script = [a for a in assets if not a.startswith("/static/")]
    assert script == ["/api/docs/?script="], assets
    assert "SwaggerUIBundle" in client.get(script[0]).content.decode()
    for asset in assets:
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), asset
    assert "cdn" not in page.lower() and "unpkg" not in page.lower()
