"""Protection against abuse: login throttling with its ways out, password reset that does not log
in, the Content-Security-Policy, no-store on private responses and rate limits on public forms."""

import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt

from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import override

from kopa.core.throttling import client_ip_for_axes
from kopa.events.registration.links import CANCEL, link_url
from kopa.events.tests.registration_support import person_post

PASSWORD = "pass-Word-2026"


def log_in(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("core:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


@pytest.fixture
def eva(make_user):
    return make_user(email="eva@example.org", username="eva@example.org", password=PASSWORD)


# --- login throttling ----------------------------------------------------------------------------


def test_the_right_password_is_refused_after_too_many_wrong_ones_for_the_account(
    client, eva, settings
):
    for n in range(settings.AXES_FAILURE_LIMIT):
        # From different addresses: the account alone is counted.
        log_in(client, "eva@example.org", "wrong", ip=f"10.0.1.{n}")

    locked = log_in(client, "EVA@example.org", PASSWORD, ip="10.0.2.1")

    assert locked.status_code == 429
    assert "Logging in is paused" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_address_trying_many_accounts_is_locked_out(client, eva, make_user, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, f"someone{n}@example.org", "wrong", ip="10.0.3.3")

    assert log_in(client, "eva@example.org", PASSWORD, ip="10.0.3.3").status_code == 429
    # Another address logs in to the same account.
    assert log_in(Client(), "eva@example.org", PASSWORD, ip="10.0.3.4").status_code == 302


def test_a_lockout_page_speaks_the_visitors_language(client, eva, settings):
    for _n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "eva@example.org", "wrong")
    with override("sl"):
        url = reverse("core:login")
    response = client.post(url, {"username": "eva@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert '<html lang="sl"' in response.content.decode()


def test_a_password_reset_unlocks_the_account_and_does_not_log_in(
    client, eva, settings, django_capture_on_commit_callbacks
):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "eva@example.org", "wrong", ip=f"10.0.4.{n}")
    assert log_in(client, "eva@example.org", PASSWORD, ip="10.0.5.1").status_code == 429

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:password_reset"), {"email": "eva@example.org"})
    path = re.search(r"https?://[^/\s]+(/\S+/reset/\S+/)", mail.outbox[-1].body).group(1)
    form_page = client.get(path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-New-secret-2027", "new_password2": "a-New-secret-2027"},
        follow=True,
    )

    assert "Password changed" in response.content.decode()
    assert "_auth_user_id" not in client.session  # the link did not log in
    assert client.get(reverse("site:my_home")).status_code == 302
    assert log_in(client, "eva@example.org", "a-New-secret-2027", ip="10.0.5.1").status_code == 302
    assert client.session["_auth_user_id"] == str(eva.pk)


def test_a_used_reset_link_does_not_work_again(client, eva):
    uid = urlsafe_base64_encode(force_bytes(eva.pk))
    token = default_token_generator.make_token(eva)
    path = reverse("core:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    set_form = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(set_form, {"new_password1": "a-New-secret-2027", "new_password2": "a-New-secret-2027"})

    again = client.get(path, follow=True)

    assert "new_password1" not in again.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_management_command_unlocks_an_account(client, eva, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "eva@example.org", "wrong", ip=f"10.0.6.{n}")
    assert AccessAttempt.objects.filter(username="eva@example.org").exists()

    call_command("axes_reset_username", "eva@example.org")

    assert log_in(client, "eva@example.org", PASSWORD, ip="10.0.7.1").status_code == 302


# --- Content-Security-Policy ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["site:home", "core:login", "events:calendar", "site:signup"])
def test_every_page_sends_a_strict_content_security_policy(client, db, name):
    response = client.get(reverse(name))

    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip()
    )
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["frame-ancestors"] == ["'none'"]


def test_no_template_has_inline_scripts_or_styles():
    root = Path(__file__).resolve().parents[2]
    offending = []
    for template in root.glob("kopa/**/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", text):
            offending.append(str(template.relative_to(root)))
    assert offending == []


# --- no-store ------------------------------------------------------------------------------------


@pytest.fixture
def private_urls(make_event, make_registration, make_user, host_agency):
    event = make_event()
    registration = make_registration(event=event)
    organiser = make_user(agency=host_agency)
    participant = make_user(email="eva@example.org")
    mine = make_registration(event=event, email="eva@example.org", user=participant)
    return {
        "organiser": organiser,
        "participant": participant,
        "staff": [
            reverse("events:staff_registrations", args=[event.pk]),
            reverse("events:staff_access_needs", args=[event.pk]),
            reverse("events:staff_kitchen", args=[event.pk]),
            reverse("events:travel_staff", args=[event.pk]),
            reverse("site:my_home"),
        ],
        "participant_urls": [
            reverse("events:my_events"),
            reverse("events:participation", args=[mine.pk]),
            reverse("events:travel_my", args=[mine.pk]),
            reverse("api:tokens"),
            reverse("site:my_home"),
            reverse("events:calendar"),  # a public page, seen logged in
        ],
        "links": [link_url(registration, CANCEL).split("://", 1)[1].split("/", 1)[1]],
        "exports": [reverse("events:staff_registrations_csv", args=[event.pk])],
    }


def test_private_pages_and_files_are_never_stored(client, private_urls, download_job):
    client.force_login(private_urls["organiser"])
    for url in private_urls["staff"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
    for url in private_urls["exports"]:  # a background job's file
        response = download_job(client, url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url

    participant = Client()
    participant.force_login(private_urls["participant"])
    for url in private_urls["participant_urls"]:
        response = participant.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url

    for path in private_urls["links"]:
        response = Client().get("/" + path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path


def test_public_pages_for_visitors_stay_cacheable(client, db):
    response = client.get(reverse("events:calendar"))
    assert "no-store" not in response.get("Cache-Control", "")


# --- rate limits ---------------------------------------------------------------------------------


def signup_data(email):
    return {
        "first_name": "Eva", "last_name": "Primer", "email": email,
        "password1": "a-Long-secret-2027", "password2": "a-Long-secret-2027",
        "country": "SI", "language": "sl",
    }


def test_sign_up_is_rate_limited_per_address_with_a_page_in_the_visitors_language(
    client, db, settings, django_capture_on_commit_callbacks
):
    settings.KOPA_RATE_LIMITS = {**settings.KOPA_RATE_LIMITS, "signup": "2/3600"}
    with override("sl"):
        url = reverse("site:signup")
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, signup_data("one@example.org"), REMOTE_ADDR="10.1.0.1")
        second = client.post(url, signup_data("two@example.org"), REMOTE_ADDR="10.1.0.1")
        third = client.post(url, signup_data("three@example.org"), REMOTE_ADDR="10.1.0.1")
        elsewhere = client.post(url, signup_data("four@example.org"), REMOTE_ADDR="10.1.0.2")

    assert (first.status_code, second.status_code, third.status_code) == (200, 200, 429)
    assert '<html lang="sl"' in third.content.decode()
    assert elsewhere.status_code == 200
    assert len(mail.outbox) == 3  # nothing sent for the refused one


def test_registration_is_rate_limited_per_e_mail_address(
    client, make_event, settings, django_capture_on_commit_callbacks
):
    settings.KOPA_RATE_LIMITS = {**settings.KOPA_RATE_LIMITS, "registration": "2/3600"}
    event = make_event()
    url = reverse("events:register", args=[event.pk])
    statuses = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            statuses.append(
                Client().post(url, person_post(email="bombed@example.org"),
                              REMOTE_ADDR=f"10.2.0.{n}").status_code
            )
    assert statuses == [200, 200, 429]
    assert len([m for m in mail.outbox if m.to == ["bombed@example.org"]]) == 2


def test_response_links_are_rate_limited(client, make_event, make_registration, settings):
    settings.KOPA_RATE_LIMITS = {**settings.KOPA_RATE_LIMITS, "response_link": "2/3600"}
    registration = make_registration(event=make_event())
    path = "/" + link_url(registration, CANCEL).split("://", 1)[1].split("/", 1)[1]

    answers = [client.post(path, {"answer": "nonsense"}).status_code for _n in range(3)]
    assert answers == [400, 400, 429]
    assert client.get(path).status_code == 200  # reading the page is not limited


def test_the_login_throttle_stores_only_valid_client_addresses(rf, settings):
    """Its address column refuses anything else on PostgreSQL: a proxy forwarding "unknown" or a
    login made by code must not turn a login into a server error."""
    settings.KOPA_TRUSTED_PROXIES = 1
    assert client_ip_for_axes(rf.get("/", HTTP_X_FORWARDED_FOR="unknown")) is None
    assert client_ip_for_axes(rf.get("/", REMOTE_ADDR="")) is None
    assert client_ip_for_axes(rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.7")) == "203.0.113.7"
