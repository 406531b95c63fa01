"""Saved searches of partner requests: saved from the public list, confirmed by e-mail for an
address without an account, the daily digest in the recipient's language with a one-click
unsubscribe link, and one's own list."""

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest

from django.core import mail
from django.utils import timezone

from kopa.matchmaking.jobs import send_saved_search_alerts
from kopa.matchmaking.models import PartnerRequest, SavedSearch

pytestmark = pytest.mark.django_db


def _link(body: str, part: str) -> str:
    found = re.search(rf"(\S*{part}\S+)", body)
    assert found, body
    return urlparse(found.group(1)).path


def _age(request):
    PartnerRequest.objects.filter(pk=request.pk).update(created_at=timezone.now() - timedelta(days=3))


def test_signed_in_user_saves_the_lists_filters_and_gets_a_digest_of_new_matches(
        client, make_user, make_organisation, make_request, django_capture_on_commit_callbacks):
    user = make_user(email="ana@example.org")
    client.force_login(user)
    org = make_organisation(legal_name="Zavod Most")
    old = make_request(org, title={"en": "Old exchange"}, action="KA152")
    _age(old)
    page = client.get("/en/partner-requests/", {"action": "KA152"}).content.decode()
    assert 'href="/en/partner-requests/alerts/new/?action=KA152"' in page
    form = client.get("/en/partner-requests/alerts/new/", {"action": "KA152"})
    assert form.status_code == 200 and "KA152" in form.content.decode()
    response = client.post("/en/partner-requests/alerts/new/?action=KA152", {"query": "action=KA152"})
    assert response.status_code == 302 and response["Location"] == "/en/my/saved-searches/"
    assert "action: KA152" in client.get("/en/my/saved-searches/").content.decode()

    make_request(org, title={"en": "New exchange"}, action="KA152")
    make_request(org, title={"en": "New cooperation"}, action="KA220-YOU")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_saved_search_alerts() == 1
    [digest] = mail.outbox
    assert digest.to == ["ana@example.org"]
    assert "New exchange" in digest.body and "New cooperation" not in digest.body and "Old exchange" not in digest.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_saved_search_alerts() == 0  # nothing new since
    assert mail.outbox == []

    client.logout()
    stop = _link(digest.body, "/partner-requests/alerts/stop/")
    assert client.get(stop).status_code == 200
    assert not SavedSearch.objects.exists()
    assert client.get(stop).status_code == 404


def test_address_without_an_account_is_confirmed_first_and_gets_its_language(
        client, make_organisation, make_request, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/sl/partner-requests/alerts/new/", {"query": "", "email": "Eva@Example.org"})
    assert response.status_code == 302
    [confirm] = mail.outbox
    search = SavedSearch.objects.get()
    assert search.email == "eva@example.org" and search.language == "sl" and not search.is_confirmed
    mail.outbox.clear()
    make_request(make_organisation(), title={"en": "Before the confirmation"})
    with django_capture_on_commit_callbacks(execute=True):
        assert send_saved_search_alerts() == 0
    assert client.get(_link(confirm.body, "/partner-requests/alerts/confirm/")).status_code == 302
    search.refresh_from_db()
    assert search.is_confirmed
    make_request(make_organisation(), title={"en": "After the confirmation"})
    with django_capture_on_commit_callbacks(execute=True):
        assert send_saved_search_alerts() == 1
    assert "After the confirmation" in mail.outbox[0].body and "Before the" not in mail.outbox[0].body


def test_bad_input_is_a_form_error_and_forged_links_are_404(client, make_user):
    response = client.post("/en/partner-requests/alerts/new/", {"query": "", "email": "not-an-address"})
    assert response.status_code == 200 and 'id="id_email_errors"' in response.content.decode()
    response = client.post("/en/partner-requests/alerts/new/", {"query": "action=KA999", "email": "a@example.org"})
    assert response.status_code == 200 and "These filters are not valid." in response.content.decode()
    assert not SavedSearch.objects.exists()
    assert client.get("/en/partner-requests/alerts/stop/forged/").status_code == 404
    assert client.get("/en/partner-requests/alerts/confirm/forged/").status_code == 404


def test_only_ones_own_saved_searches_are_listed_and_deleted(client, make_user):
    ana, bor = make_user(), make_user()
    client.force_login(ana)
    client.post("/en/partner-requests/alerts/new/", {"query": "action=KA152"})
    search = SavedSearch.objects.get()
    client.force_login(bor)
    assert "KA152" not in client.get("/en/my/saved-searches/").content.decode()
    assert client.post("/en/my/saved-searches/", {"delete": search.pk}).status_code == 404
    client.force_login(ana)
    assert client.post("/en/my/saved-searches/", {"delete": search.pk}).status_code == 302
    assert not SavedSearch.objects.exists()
