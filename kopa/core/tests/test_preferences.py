"""Language and display mode: chosen once, remembered in a cookie and in the user's preferences."""

import pytest

from django.conf import settings

from kopa.core.middleware import DISPLAY_COOKIE
from kopa.core.models import UserPreference


def _html_class(response) -> str:
    body = response.content.decode()
    start = body.index("<html")
    return body[start:body.index(">", start)]


@pytest.mark.django_db
def test_login_restores_the_saved_language(client, make_user):
    user = make_user(username="ilze@example.org", email="ilze@example.org")
    UserPreference.objects.create(user=user, language="lv")
    response = client.post("/en/accounts/login/", {"username": "ilze@example.org", "password": "pass-Word-2026"})
    assert response.status_code == 302 and response["Location"] == "/lv/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "lv"


@pytest.mark.django_db
def test_login_without_a_saved_language_stays_in_the_pages_language(client, make_user):
    make_user(username="maja@example.org", email="maja@example.org")
    response = client.post("/sl/accounts/login/", {"username": "maja@example.org", "password": "pass-Word-2026"})
    assert response.status_code == 302 and response["Location"] == "/sl/"


@pytest.mark.django_db
def test_login_with_a_wrong_password_explains_and_does_not_log_in(client, make_user):
    make_user(username="maja@example.org", email="maja@example.org")
    response = client.post("/en/accounts/login/", {"username": "maja@example.org", "password": "wrong"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_choosing_a_language_sets_the_cookie_and_the_preference(client, make_user):
    user = make_user()
    client.force_login(user)
    response = client.post("/en/language/", {"language": "sl", "next": "/en/directory/?q=mladi"})
    assert response.status_code == 302 and response["Location"] == "/sl/directory/?q=mladi"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sl"
    assert UserPreference.objects.get(user=user).language == "sl"


@pytest.mark.django_db
def test_anonymous_language_choice_is_kept_in_the_cookie_only(client):
    response = client.post("/en/language/", {"language": "lv", "next": "/en/programmes/"})
    assert response["Location"] == "/lv/programmes/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "lv"
    assert UserPreference.objects.count() == 0
    assert client.get("/")["Location"] == "/lv/"


@pytest.mark.django_db
def test_unknown_language_or_foreign_next_changes_nothing(client, make_user):
    user = make_user()
    client.force_login(user)
    response = client.post("/en/language/", {"language": "xx", "next": "/en/directory/"})
    assert response["Location"] == "/en/directory/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert not UserPreference.objects.filter(user=user).exclude(language="").exists()
    response = client.post("/en/language/", {"language": "sl", "next": "https://elsewhere.example/"})
    assert response["Location"] == "/"  # never off the site; "/" then leads to the chosen language
    assert client.get("/")["Location"] == "/sl/"


@pytest.mark.django_db
def test_language_is_chosen_by_post_only(client):
    assert client.get("/en/language/").status_code == 405


@pytest.mark.django_db
def test_display_mode_from_the_address_is_applied_and_remembered_by_cookie(client):
    response = client.get("/en/directory/", {"display": "low-vision"})
    assert "mode-low-vision" in _html_class(response)
    assert response.cookies[DISPLAY_COOKIE].value == "low-vision"
    assert "mode-low-vision" in _html_class(client.get("/en/programmes/"))


@pytest.mark.django_db
def test_display_mode_is_saved_in_the_preference_of_a_logged_in_user(client, make_user):
    user = make_user()
    client.force_login(user)
    client.get("/en/", {"display": "dyslexia"})
    assert UserPreference.objects.get(user=user).display_mode == "dyslexia"
    other_browser = client.__class__()
    other_browser.force_login(user)
    assert "mode-dyslexia" in _html_class(other_browser.get("/en/"))


@pytest.mark.django_db
def test_display_default_resets_the_mode(client, make_user):
    user = make_user()
    client.force_login(user)
    client.get("/en/", {"display": "low-vision"})
    response = client.get("/en/", {"display": "default"})
    assert "mode-default" in _html_class(response)
    assert response.cookies[DISPLAY_COOKIE].value == "default"
    assert "mode-default" in _html_class(client.get("/en/directory/"))
    assert UserPreference.objects.get(user=user).display_mode == "default"


@pytest.mark.django_db
def test_unknown_display_mode_is_ignored(client, make_user):
    client.get("/en/", {"display": "low-vision"})
    response = client.get("/en/", {"display": "neon"})
    assert "mode-low-vision" in _html_class(response)
    assert DISPLAY_COOKIE not in response.cookies
    fresh = client.__class__()
    assert "mode-default" in _html_class(fresh.get("/en/", {"display": "<script>"}))
