"""The page behind a response link: answered once, without an account, in the language of the
address; a used, expired or unknown link says so clearly."""

import threading
from datetime import date, timedelta

import pytest

from django.db import close_old_connections, connection, connections
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from kopa.core.errors import NotFound
from kopa.outreach.funnel.selectors import funnel
from kopa.outreach.invitations.services import LinkExpired, LinkUsed, response_record
from kopa.outreach.invitations.tokens import hash_token, new_token
from kopa.outreach.models import Interaction, ResponseLink

pytestmark = pytest.mark.django_db
K = Interaction.Kind


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(
        goal={
            "en": "Organisations new to the programme apply.",
            "sl": "Nove organizacije oddajo prijavo.",
            "lv": "Jaunas organizācijas iesniedz pieteikumu.",
        },
        name={
            "en": "Reaching deprived areas",
            "sl": "Doseči prikrajšana območja",
            "lv": "Sasniegt rajonus",
        },
    )


@pytest.fixture
def org(make_organisation, agency):
    return make_organisation(
        legal_name="Mladinski center Trbovlje", email="secret-inbox@mct.si", agencies=[agency]
    )


@pytest.fixture
def invite(campaign, org, record):
    """An e-mailed invitation; returns its token."""

    def make(*, expires_in=timedelta(days=30), organisation=None):
        invitation = record(
            campaign,
            organisation or org,
            K.INVITATION,
            channel="email",
            notes="Internal: their director is hard to reach",
            on=date(2017, 1, 5),
        )
        token = new_token()
        ResponseLink.objects.create(
            invitation=invitation,
            token_hash=hash_token(token),
            email="x@example.org",
            language="sl",
            expires_at=timezone.now() + expires_in,
        )
        return token

    return make


@pytest.fixture
def token(invite):
    return invite()


def _url(token, language="sl"):
    return f"/{language}/respond/{token}/"


# -- the page ------------------------------------------------------------------------------------


def test_the_page_shows_the_agency_the_campaign_and_the_organisation_in_the_page_language(
    client, token
):
    page = client.get(_url(token)).content.decode()

    assert '<html lang="sl"' in page
    assert "Slovenian agency" in page and "Mladinski center Trbovlje" in page
    assert "Doseči prikrajšana območja" in page and "Nove organizacije oddajo prijavo." in page
    assert page.count('type="radio" name="answer"') == 3


def test_the_page_follows_the_language_of_the_address(client, token):
    page = client.get(_url(token, "lv")).content.decode()

    assert '<html lang="lv"' in page and "Sasniegt rajonus" in page


def test_the_language_switcher_keeps_the_link(client, token):
    response = client.post("/sl/language/", {"language": "lv", "next": _url(token)})

    assert response.status_code == 302 and response["Location"] == _url(token, "lv")


def test_the_page_reveals_nothing_else_and_is_not_indexed(client, token):
    page = client.get(_url(token)).content.decode()

    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert '<meta name="referrer" content="same-origin">' in page
    assert "secret-inbox@mct.si" not in page and "director is hard to reach" not in page
    assert "x@example.org" not in page
    assert "<script" not in page and 'src="http' not in page


def test_the_page_is_not_cached(client, token):
    assert "no-store" in client.get(_url(token))["Cache-Control"]


def test_an_unknown_token_is_a_clear_not_found_page(client, token):
    response = client.get(_url("not-a-real-token", "en"))

    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()


def test_posting_to_an_unknown_token_records_nothing(client, token):
    response = client.post(_url("x" * 300), {"answer": "interested"})

    assert response.status_code == 404
    assert not Interaction.objects.filter(kind=K.RESPONSE).exists()


# -- answering -----------------------------------------------------------------------------------


def test_answering_records_a_response_and_moves_the_funnel(client, campaign, org, token):
    response = client.post(
        _url(token), {"answer": "interested", "message": "Pokličite nas v torek."}
    )

    assert response.status_code == 200
    assert response.templates[0].name == "outreach/invitations/respond_thanks.html"
    answer = Interaction.objects.get(kind=K.RESPONSE)
    assert (answer.organisation, answer.answer, answer.notes) == (
        org,
        "interested",
        "Pokličite nas v torek.",
    )
    assert (answer.source, answer.author) == (Interaction.Source.RESPONSE_LINK, None)
    link = ResponseLink.objects.get()
    assert link.used_at is not None and link.response == answer
    assert funnel(campaigns=[campaign]).counts["responded"] == 1


def test_the_thank_you_page_is_in_the_page_language(client, token):
    response = client.post(_url(token), {"answer": "no"})

    assert response.templates[0].name == "outreach/invitations/respond_thanks.html"
    assert '<html lang="sl"' in response.content.decode()


def test_an_answer_must_be_chosen(client, token):
    response = client.post(_url(token), {"message": "Hello"})

    assert response.status_code == 200
    with translation.override("sl"):
        expected = gettext("Choose one of the answers.")
    assert expected != "Choose one of the answers."  # the message is in the page's language
    assert response.context["form"].errors["answer"] == [expected]
    assert 'id="id_answer_errors"' in response.content.decode()
    assert not Interaction.objects.filter(kind=K.RESPONSE).exists()
    assert ResponseLink.objects.get().used_at is None


def test_a_message_longer_than_2000_characters_is_refused(client, token):
    response = client.post(_url(token), {"answer": "interested", "message": "x" * 2001})

    assert response.context["form"].errors["message"]
    assert not Interaction.objects.filter(kind=K.RESPONSE).exists()


def test_an_odd_answer_is_refused(client, token):
    response = client.post(_url(token), {"answer": "maybe"})

    with translation.override("sl"):
        expected = gettext("Choose one of the answers.")
    assert expected != "Choose one of the answers."  # the message is in the page's language
    assert response.context["form"].errors["answer"] == [expected]


def test_the_form_is_protected_against_cross_site_posts(token):
    response = Client(enforce_csrf_checks=True).post(_url(token), {"answer": "interested"})

    assert response.status_code == 403
    assert not Interaction.objects.filter(kind=K.RESPONSE).exists()


# -- used and expired links ----------------------------------------------------------------------


def test_a_second_answer_is_refused_and_one_response_remains(client, token):
    client.post(_url(token), {"answer": "interested"})

    again = client.post(_url(token, "en"), {"answer": "no"})

    assert again.status_code == 200
    assert "You already answered on" in again.content.decode()
    assert list(Interaction.objects.filter(kind=K.RESPONSE).values_list("answer", flat=True)) == [
        "interested"
    ]


def test_a_used_link_says_when_and_what_was_answered_without_a_form(client, token):
    client.post(_url(token), {"answer": "not_now"})

    response = client.get(_url(token, "en"))

    page = response.content.decode()
    assert response.status_code == 200
    today = date_format(timezone.localdate(), "DATE_FORMAT")
    assert f"You already answered on {today}: “Not now”." in page
    assert 'name="answer"' not in page


def test_an_expired_link_says_when_it_expired_and_whom_to_contact(client, invite):
    token = invite(expires_in=timedelta(days=-1))

    response = client.get(_url(token, "en"))

    page = response.content.decode()
    assert response.status_code == 410
    assert "This link expired on" in page and "contact Slovenian agency" in page
    assert 'name="answer"' not in page


def test_posting_to_an_expired_link_records_nothing(client, invite):
    token = invite(expires_in=timedelta(days=-1))

    response = client.post(_url(token), {"answer": "interested"})

    assert response.status_code == 410
    assert not Interaction.objects.filter(kind=K.RESPONSE).exists()


def test_a_link_works_until_it_expires(token):
    link = ResponseLink.objects.get()

    with pytest.raises(LinkExpired):
        response_record(token=token, answer="interested", now=link.expires_at)
    answer = response_record(
        token=token, answer="interested", now=link.expires_at - timedelta(seconds=1)
    )

    assert answer.kind == K.RESPONSE


def test_the_service_refuses_a_second_answer(token):
    response_record(token=token, answer="interested")

    with pytest.raises(LinkUsed):
        response_record(token=token, answer="no")
    assert Interaction.objects.filter(kind=K.RESPONSE).count() == 1


def test_the_service_does_not_know_an_unknown_token(token):
    with pytest.raises(NotFound):
        response_record(token=token + "x", answer="interested")


def test_a_link_whose_answer_was_deleted_stays_used(client, token):
    client.post(_url(token), {"answer": "interested"})
    Interaction.objects.filter(kind=K.RESPONSE).delete()

    response = client.get(_url(token, "en"))

    assert "You already answered on" in response.content.decode()
    assert client.post(_url(token), {"answer": "no"}).status_code == 200
    assert not Interaction.objects.filter(kind=K.RESPONSE).exists()


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_answers_sent_at_once_leave_exactly_one_response(invite):
    token = invite()
    barrier, outcomes = threading.Barrier(5), []

    def answer(choice):
        try:
            close_old_connections()
            barrier.wait(timeout=30)
            response_record(token=token, answer=choice)
            outcomes.append("recorded")
        except LinkUsed:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=answer, args=(c,)) for c in ["interested", "no", "not_now"] * 2
    ][:5]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["recorded"] + ["refused"] * 4
    assert Interaction.objects.filter(kind=K.RESPONSE).count() == 1
