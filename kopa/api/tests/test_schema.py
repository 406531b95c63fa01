import json
import re

import pytest
from drf_spectacular.validation import validate_schema

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
    "/api/v1/people/",
    "/api/v1/people/{id}/",
    "/api/v1/my/registrations/",
    "/api/v1/my/registrations/{id}/",
    "/api/v1/my/registrations/{id}/cancel/",
    "/api/v1/my/registrations/{id}/accept/",
    "/api/v1/my/registrations/{id}/decline/",
    "/api/v1/my/registrations/{id}/participation/",
    "/api/v1/campaigns/{id}/",
    "/api/v1/campaigns/{id}/targets/",
    "/api/v1/campaigns/{id}/targets/{organisation_id}/",
    "/api/v1/follow-ups/",
    "/api/v1/follow-ups/{id}/",
    "/api/v1/follow-ups/{id}/done/",
    "/api/v1/events/{id}/rooms/",
    "/api/v1/events/{id}/travel/",
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


def test_new_operations_document_their_methods_and_errors(schema):
    paths = schema["paths"]
    assert {"get", "patch"} == set(paths["/api/v1/campaigns/{id}/"])
    assert {"get", "post"} == set(paths["/api/v1/campaigns/{id}/targets/"])
    assert {"delete"} == set(paths["/api/v1/campaigns/{id}/targets/{organisation_id}/"])
    assert {"get", "post"} == set(paths["/api/v1/follow-ups/"])
    assert {"get", "patch"} == set(paths["/api/v1/follow-ups/{id}/"])
    assert {"get", "put"} == set(paths["/api/v1/my/registrations/{id}/participation/"])
    for path, method, statuses in [
        ("/api/v1/campaigns/{id}/", "patch", {"200", "400", "401", "403", "404"}),
        ("/api/v1/follow-ups/", "post", {"201", "400", "401", "403"}),
        ("/api/v1/follow-ups/{id}/done/", "post", {"200", "404", "409"}),
        ("/api/v1/my/registrations/{id}/accept/", "post", {"200", "401", "404", "409"}),
        ("/api/v1/my/registrations/{id}/participation/", "put", {"200", "400", "404", "409"}),
        ("/api/v1/people/", "get", {"200", "401", "403"}),
        ("/api/v1/events/{id}/rooms/", "get", {"200", "401", "404"}),
        ("/api/v1/events/{id}/travel/", "get", {"200", "401", "404"}),
    ]:
        assert statuses <= set(paths[path][method]["responses"]), (path, method)
    body = paths["/api/v1/follow-ups/"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("/FollowUpWriteRequest")


def test_api_docs_lead_to_kopas_own_page_in_the_visitors_language(client, db):
    response = client.get("/api/docs/", HTTP_ACCEPT_LANGUAGE="lv")
    assert response.status_code == 302
    assert response["Location"] == "/lv/api/docs/"


def test_api_documentation_page_is_generated_from_the_openapi_document(client, db):
    response = client.get("/en/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/api/openapi.json"' in page
    # Every operation of the document is on the page, with its method and path.
    for path in V1_PATHS:
        assert path in page, path
    assert "<code>PATCH /api/v1/campaigns/{id}/</code>" in page
    assert "<code>POST /api/v1/follow-ups/{id}/done/</code>" in page
    # Parameters, request fields and responses, and who may call it.
    assert "<code>assignee (query)</code>" in page
    assert "<code>due_on</code>" in page
    assert "Who may call it" in page and "Only with a token or a logged-in session." in page
    # Kopa's layout, no third-party scripts.
    assert "swagger" not in page.lower() and "cdn" not in page.lower()
    assert not re.search(r"<script(?![^>]*src=\"/static/)", page)


def test_api_documentation_is_linked_from_the_tokens_page_and_the_footer(client, make_user):
    client.force_login(make_user())
    page = client.get("/sl/my/api-tokens/").content.decode()
    assert page.count('href="/sl/api/docs/"') >= 2
