import hashlib
import re

import pytest
from rest_framework.test import APIClient

from kopa.api.models import ApiToken
from kopa.api.services import token_create, token_revoke
from kopa.core.errors import NotFound, ValidationFailed

PAGE = "/en/my/api-tokens/"


def key_on_page(response) -> str:
    match = re.search(r'<code id="new-token">([^<]+)</code>', response.content.decode())
    return match.group(1) if match else ""


def api_as(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def person(make_user, client):
    user = make_user()
    client.force_login(user)
    return user


def test_token_page_needs_login(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_new_token_is_shown_once_and_only_its_hash_is_stored(client, person):
    response = client.post(PAGE, {"name": "Reporting script"})
    key = key_on_page(response)
    assert len(key) >= 40
    token = ApiToken.objects.get(user=person)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {token.name, token.prefix, token.key_hash}
    assert token.prefix == key[:8]
    assert key not in client.get(PAGE).content.decode()


def test_token_list_shows_name_and_prefix_of_own_tokens_only(client, person, make_user):
    mine, _key = token_create(user=person, name="Reporting script")
    token_create(user=make_user(), name="Someone else's tool")
    page = client.get(PAGE).content.decode()
    assert "Reporting script" in page
    assert f"{mine.prefix}…" in page
    assert "Someone else" not in page


def test_token_without_a_name_is_refused_next_to_the_field(client, person):
    response = client.post(PAGE, {"name": "  "})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert key_on_page(response) == ""


def test_new_token_works_for_the_api(client, person):
    key = key_on_page(client.post(PAGE, {"name": "Reporting script"}))
    response = api_as(key).get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["username"] == person.get_username()
    assert ApiToken.objects.get(user=person).last_used_at is not None


def test_revoked_token_stops_working(client, person):
    token, key = token_create(user=person, name="Old script")
    assert api_as(key).get("/api/v1/me/").status_code == 200
    response = client.post(PAGE, {"revoke": token.pk})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = api_as(key).get("/api/v1/organisations/")
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "authentication_failed"
    assert "Revoked" in client.get(PAGE).content.decode()


def test_user_cannot_revoke_another_users_token(client, person, make_user):
    other_token, other_key = token_create(user=make_user(), name="Their script")
    response = client.post(PAGE, {"revoke": other_token.pk})
    assert response.status_code == 404
    other_token.refresh_from_db()
    assert other_token.revoked_at is None
    assert api_as(other_key).get("/api/v1/me/").status_code == 200


def test_revoking_a_garbled_id_is_404(client, person):
    assert client.post(PAGE, {"revoke": "first"}).status_code == 404


def test_token_of_a_deactivated_user_stops_working(make_user):
    user = make_user()
    _token, key = token_create(user=user, name="Script")
    user.is_active = False
    user.save()
    assert api_as(key).get("/api/v1/me/").status_code == 401


def test_token_service_refuses_long_names(make_user):
    with pytest.raises(ValidationFailed) as exc:
        token_create(user=make_user(), name="x" * 81)
    assert "name" in exc.value.fields


def test_token_service_revokes_only_once(make_user):
    user = make_user()
    token, _key = token_create(user=user, name="Script")
    token_revoke(user=user, token_id=token.pk)
    with pytest.raises(NotFound):
        token_revoke(user=user, token_id=token.pk)
