"""A Latvian newcomer organisation finds a Slovenian experienced one through the suggestions, says
it is interested in its partner request, the poster accepts, and only then each sees the other's
address. Everything through the pages, as the people do it."""

import re

import pytest

from django.utils import timezone

from kopa.directory.models import Organisation, Theme


@pytest.fixture
def world(make_organisation, make_representative, make_user):
    latvian = make_organisation(
        legal_name="Biedrība Jauniešu Ceļš", country="LV", city="Rēzekne", public_listing=True,
        experience=Organisation.Experience.NONE, can_send=True, target_groups=["neet"], languages=["en", "lv"])
    slovenian = make_organisation(
        legal_name="Zavod Mladi Most", country="SI", city="Celje", public_listing=True,
        experience=Organisation.Experience.EXPERIENCED, can_host=True, target_groups=["neet"],
        languages=["en", "sl"])
    unrelated = make_organisation(legal_name="Društvo Šahisti", country="SI", city="Kranj", public_listing=True,
                                  target_groups=["health"])
    latvian.themes.set(Theme.objects.filter(code="employment"))
    slovenian.themes.set(Theme.objects.filter(code="employment"))
    lv_rep = make_representative(latvian, email="ilze.kalnina@example.lv", username="ilze.kalnina@example.lv")
    si_rep = make_representative(slovenian, email="tina.zupan@example.si", username="tina.zupan@example.si")
    return {"lv": latvian, "si": slovenian, "unrelated": unrelated, "lv_rep": lv_rep, "si_rep": si_rep}


def post_request(client, org, year):
    """The Slovenian representative publishes a partner request from "my area"."""
    page = client.get("/en/my/").content.decode()
    assert f"/en/my/organisations/{org.pk}/partner-requests/new/" in page
    form = client.get(f"/en/my/organisations/{org.pk}/partner-requests/new/")
    assert form.status_code == 200
    return client.post(f"/en/my/organisations/{org.pk}/partner-requests/new/", {
        "title_en": "NEET inclusion exchange in Celje", "description_en": "A youth exchange for NEET young people.",
        "action": "KA152", "round": f"{year}-1", "closes_on": f"{year}-01-31", "roles": ["send", "partner"],
        "target_groups": [t for t in form.context["form"].fields["target_groups"].queryset.filter(code="neet")
                          .values_list("pk", flat=True)],
    })


@pytest.mark.django_db
def test_newcomer_finds_experienced_partner_says_interested_and_addresses_show_only_after_acceptance(
        client, world, mailoutbox, django_capture_on_commit_callbacks):
    year = timezone.localdate().year + 1
    poster = client
    poster.force_login(world["si_rep"])
    response = post_request(poster, world["si"], year)
    assert response.status_code == 302
    request_url = response["Location"]
    request_pk = int(re.search(r"/partner-requests/(\d+)/", request_url).group(1))

    # The Latvian representative starts in "my area" and follows "Suggested partners".
    poster.logout()
    seeker = client
    seeker.force_login(world["lv_rep"])
    home = seeker.get("/en/my/").content.decode()
    suggestions_url = f"/en/my/organisations/{world['lv'].pk}/suggestions/"
    assert suggestions_url in home
    page = seeker.get(suggestions_url).content.decode()
    assert "Zavod Mladi Most" in page
    assert "Društvo Šahisti" not in page
    for reason in ("Shares the target group Young people not in employment, education or training (NEET)",
                   "Complements your experience: experienced in the programme, for a newcomer",
                   "Is in another country (Slovenia): a transnational partnership",
                   "Can host when you can send", "Works on the theme Employment and entrepreneurship",
                   "Shares the working language English"):
        assert reason in page, reason
    assert "+4" in page  # the experience reason's weight is shown beside it
    # The open request of the Slovenian organisation is suggested too; its page offers "I'm interested".
    assert f"/en/partner-requests/{request_pk}/" in page
    detail = seeker.get(f"/en/partner-requests/{request_pk}/").content.decode()
    assert "tina.zupan@example.si" not in detail
    assert f"/en/partner-requests/{request_pk}/interested/" in detail
    with django_capture_on_commit_callbacks(execute=True):
        sent = seeker.post(f"/en/partner-requests/{request_pk}/interested/", {
            "organisation": world["lv"].pk, "message": "We work with NEET young people in Latgale every day."})
    assert sent.status_code == 302
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["tina.zupan@example.si"]
    assert "We work with NEET young people in Latgale every day." in mail.body
    assert "ilze.kalnina@example.lv" not in mail.body + mail.subject + str(mail.reply_to)
    mine = seeker.get("/en/my/partner-requests/").content.decode()
    assert "Waiting for an answer" in mine and "tina.zupan@example.si" not in mine

    # The poster sees the interested organisation on one page, without its address, and accepts it.
    seeker.logout()
    poster.force_login(world["si_rep"])
    listing = poster.get("/en/my/partner-requests/").content.decode()
    assert f"/en/my/partner-requests/{request_pk}/" in listing
    interests = poster.get(f"/en/my/partner-requests/{request_pk}/")
    body = interests.content.decode()
    assert "Biedrība Jauniešu Ceļš" in body and "ilze.kalnina@example.lv" not in body
    interest = interests.context["interests"][0]
    with django_capture_on_commit_callbacks(execute=True):
        accepted = poster.post(f"/en/my/partner-requests/{request_pk}/interests/{interest.pk}/answer/", {
            "decision": "accept", "answer": "Welcome aboard!", "close_as_found": "on"})
    assert accepted.status_code == 302
    after = poster.get(f"/en/my/partner-requests/{request_pk}/").content.decode()
    assert "ilze.kalnina@example.lv" in after
    assert "Partners found" in after
    assert mailoutbox[-1].to == ["ilze.kalnina@example.lv"]
    assert "tina.zupan@example.si" in mailoutbox[-1].body

    poster.logout()
    seeker.force_login(world["lv_rep"])
    mine = seeker.get("/en/my/partner-requests/").content.decode()
    assert "tina.zupan@example.si" in mine and "Accepted as a partner" in mine
